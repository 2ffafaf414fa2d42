package dev.dgan.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Headless Chromium driven through WebDriver, with the editor's helpers the tests share: open a
 * sample, read its labels from the page, paint a stroke between two pixels. Uses the system's
 * chromium and chromedriver (Debian's packages; {@code .ci/run} installs them).
 */
final class EditorBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;

    EditorBrowser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // no sandbox as root; no network: without these Chromium waits on connections it cannot make
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,760", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Loads the page at {@code url} (with its hash) and waits until the editor shows sample {@code index}. */
    void openSample(String url, int index) {
        // leaving a page with unsaved edits asks first; the tests move on deliberately
        js("if (window.dganEditor) window.dganEditor.dirty = false");
        driver.get(url + "#sample=" + index);
        waitFor("the editor on sample " + index, () -> Boolean.TRUE.equals(js(
                "return document.body.dataset.ready === 'true' && window.dganEditor.index === arguments[0]", index)));
    }

    /** The labels the page holds now, one per pixel. */
    int[] labels() {
        @SuppressWarnings("unchecked")
        List<Long> values = (List<Long>) js("return Array.from(window.dganEditor.labels)");
        return values.stream().mapToInt(Long::intValue).toArray();
    }

    /** Drags the left button from pixel (x0, y0) to (x1, y1) of the image on the canvas. */
    void drag(double x0, double y0, double x1, double y1) {
        WebElement canvas = driver.findElement(By.id("view"));
        int[] a = onCanvas(canvas, x0, y0), b = onCanvas(canvas, x1, y1);
        new Actions(driver).moveToElement(canvas, a[0], a[1]).clickAndHold().moveByOffset((b[0] - a[0]) / 2, (b[1] - a[1]) / 2)
                .moveToElement(canvas, b[0], b[1]).release().perform();
    }

    void click(double x, double y) {
        WebElement canvas = driver.findElement(By.id("view"));
        int[] a = onCanvas(canvas, x, y);
        new Actions(driver).moveToElement(canvas, a[0], a[1]).click().perform();
    }

    /** Offsets from the canvas's centre (WebDriver's origin for moveToElement) of the centre of image pixel (x, y). */
    private int[] onCanvas(WebElement canvas, double x, double y) {
        double zoom = ((Number) js("return window.dganEditor.zoom")).doubleValue();
        double panX = ((Number) js("return window.dganEditor.panX")).doubleValue();
        double panY = ((Number) js("return window.dganEditor.panY")).doubleValue();
        int w = canvas.getRect().getWidth(), h = canvas.getRect().getHeight();
        return new int[] {(int) Math.round(panX + (x + 0.5) * zoom - w / 2.0), (int) Math.round(panY + (y + 0.5) * zoom - h / 2.0)};
    }

    void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Ctrl + {@code key}, held as a person holds it (a chord inside sendKeys releases Ctrl before the key). */
    void ctrl(String key) {
        new Actions(driver).keyDown(org.openqa.selenium.Keys.CONTROL).sendKeys(key).keyUp(org.openqa.selenium.Keys.CONTROL).perform();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    void waitFor(String what, java.util.function.Supplier<Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what).until(d -> condition.get());
    }

    WebDriver driver() {
        return driver;
    }

    File screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
