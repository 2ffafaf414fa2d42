package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

import javax.imageio.ImageIO;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code dgan annotate} in a real browser (headless Chromium through WebDriver): the editor opens
 * a sample pre-filled by a model, paints, undoes and redoes, saves the mask train reads, shows it
 * again after a reload, refuses a save from a stale tab, and {@code dgan train} trains on the result.
 * Also writes the README's screenshot of the editor to target/annotate-editor.png.
 */
class AnnotateEditorIT {

    static final int EYE = 2;

    @TempDir
    static Path shared;
    static Path samples;
    static Process server;
    static String url;
    static EditorBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(EditorBrowser.available(), "needs chromium and chromedriver in /usr/bin (apt-get install chromium chromium-driver)");
        samples = shared.resolve("samples");
        DganProcess.Result s = DganProcess.run("sample", "--count", "3", "--seed", "0", "--out", samples.toString());
        assertEquals(0, s.exit(), s.err());
        Path model = shared.resolve("model");
        DganProcess.Result t = DganProcess.run("train", "--annotations", DganProcess.dist().resolve("demo/annotations").toString(),
                "--out", model.toString(), "-O", "models=3", "-O", "max-epochs=3", "--cv", "0");
        assertEquals(0, t.exit(), t.err());
        Path out = shared.resolve("annotate.out");
        server = DganProcess.start(shared, out, shared.resolve("annotate.err"), "annotate", samples.toString(),
                "--classes", "background,body,eye,mouth", "--model", model.toString());
        url = awaitUrl(out);
        browser = new EditorBrowser(Files.createDirectories(shared.resolve("chromium-profile")));
    }

    private static String awaitUrl(Path out) throws Exception {
        for (int i = 0; i < 600 && server.isAlive(); i++) {
            String printed = Files.exists(out) ? Files.readString(out) : "";
            for (String line : printed.lines().toList()) if (line.startsWith("http://127.0.0.1:")) return line.strip();
            Thread.sleep(100);
        }
        throw new AssertionError("dgan annotate printed no address: " + Files.readString(shared.resolve("annotate.err")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) {
            server.destroy(); // SIGTERM: the server stops; every save is already on disk
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "dgan annotate did not stop on SIGTERM");
        }
    }

    @Test
    void refusesRequestsWithoutTheToken() throws Exception {
        String bare = url.substring(0, url.indexOf('?'));
        var conn = (java.net.HttpURLConnection) java.net.URI.create(bare + "api/info").toURL().openConnection();
        assertEquals(401, conn.getResponseCode());
        assertTrue(url.contains("?token="), url);
    }

    @Test
    void paintUndoSaveReloadConflictAndTrain() throws Exception {
        browser.openSample(url, 0);
        // pre-filled: the model's labels, exactly what dgan generate gives this seed at the folder's truncation
        assertTrue(browser.text("title").contains("pre-filled"), browser.text("title"));
        assertEquals(Boolean.TRUE, browser.js("return window.dganEditor.uncertain !== null"));
        int[] prefilled = browser.labels();
        Path gen = shared.resolve("gen");
        DganProcess.Result g = DganProcess.run("generate", "--model", shared.resolve("model").toString(), "--count", "1", "--seed", "0",
                "--truncation", "1.0", "--filter", "0", "--out", gen.toString());
        assertEquals(0, g.exit(), g.err());
        assertArrayEquals(pixels(gen.resolve("label/000000.png")), prefilled, "pre-filled labels vs dgan generate");

        // paint: eye (key 3), brush (B), a stroke along row 16
        browser.keys("3", "b");
        browser.drag(4, 16, 27, 16);
        int[] painted = browser.labels();
        for (int x = 6; x <= 25; x++) assertEquals(EYE, painted[16 * 32 + x], "painted pixel (" + x + ", 16)");

        // undo gives the pre-filled labels back, redo the stroke
        Object depth = browser.js("return window.dganEditor.undo.length");
        browser.ctrl("z");
        assertArrayEquals(prefilled, browser.labels(), "after undo (undo steps before: " + depth + ", after: "
                + browser.js("return window.dganEditor.undo.length") + ")");
        browser.ctrl("y");
        assertArrayEquals(painted, browser.labels(), "after redo");

        // save: mask_0000.png holds exactly the page's labels
        browser.driver().findElement(By.id("save")).click();
        browser.waitFor("the save", () -> browser.text("status").startsWith("saved version"));
        Path mask = samples.resolve("mask_0000.png");
        assertArrayEquals(painted, pixels(mask), "saved mask");

        // reload: the saved mask comes back, no longer a pre-fill
        browser.driver().navigate().refresh();
        browser.openSample(url, 0);
        assertArrayEquals(painted, browser.labels(), "after reload");
        assertFalse(browser.text("title").contains("pre-filled"), browser.text("title"));

        // a second tab on the same sample saves a polygon; the first, now stale, is refused
        String first = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.openSample(url, 0);
        browser.keys("4", "p");
        browser.click(2, 2);
        browser.click(12, 2);
        browser.click(12, 10);
        browser.keys(Keys.ENTER);
        assertEquals(3, browser.labels()[5 * 32 + 8], "pixel inside the polygon is mouth");
        browser.driver().findElement(By.id("save")).click();
        browser.waitFor("the second tab's save", () -> browser.text("status").startsWith("saved version"));
        int[] second = pixels(mask);
        JsonNode shapes = new ObjectMapper().readTree(samples.resolve("annotate/sample_0000.json").toFile());
        assertEquals("polygon", shapes.at("/shapes/0/shape_type").asText());
        assertEquals("mouth", shapes.at("/shapes/0/label").asText());

        browser.driver().switchTo().window(first);
        browser.keys("2", "b");
        browser.drag(20, 28, 30, 28);
        browser.driver().findElement(By.id("save")).click();
        browser.waitFor("the conflict", () -> browser.driver().findElement(By.id("conflict")).isDisplayed());
        assertTrue(browser.text("conflict").contains("another tab"), browser.text("conflict"));
        assertArrayEquals(second, pixels(mask), "the stale tab did not overwrite the mask");

        // what the editor saved is what train reads (the LabelMe shapes sit in annotate/, not beside the mask)
        DganProcess.Result t = DganProcess.run("train", "--annotations", samples.toString(), "--out", shared.resolve("m2").toString(),
                "-O", "models=1", "-O", "max-epochs=1", "-O", "min-class-pixels=0", "--cv", "0");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("wrote segmentation model"), t.out());
    }

    @Test
    void editorScreenshot() throws Exception {
        browser.openSample(url, 1);
        browser.js("document.getElementById('opacity').value = 45; window.dispatchEvent(new Event('resize'))");
        browser.keys("2", "b");
        Path png = Path.of("target", "annotate-editor.png");
        Files.createDirectories(png.getParent());
        Files.copy(browser.screenshot().toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(0, Files.size(png));
    }

    static int[] pixels(Path png) throws IOException {
        Raster r = ImageIO.read(png.toFile()).getRaster();
        int[] v = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
        return Arrays.copyOf(v, v.length);
    }
}
