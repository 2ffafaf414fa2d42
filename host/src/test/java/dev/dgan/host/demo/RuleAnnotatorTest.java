package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule on small drawn scenes whose answer is known. */
class RuleAnnotatorTest {

    static final int RED = 0xE02020;
    static final int ORANGE = 0xE07020;   // hue 0.083 away from red: another object
    static final int BLUE = 0x2040E0;
    static final int GREEN = 0x20C040;
    static final int YELLOW_GREEN = 0x80C020; // hue ~0.13 from green: a fringe of another colour

    final RuleAnnotator rule = new RuleAnnotator();

    static int[] labelCounts(LabelMap labels) {
        int[] counts = new int[4];
        for (byte b : labels.labels()) counts[b]++;
        return counts;
    }

    static void assertLabelledWhereDrawn(Canvas canvas, LabelMap labels, int colour, int cls) {
        for (int y = 0; y < canvas.height; y++)
            for (int x = 0; x < canvas.width; x++)
                if (canvas.colour(x, y) == colour) assertEquals(cls, labels.at(x, y), "(" + x + ", " + y + ")");
    }

    @Test
    void greyGradientAloneIsBackground() {
        RuleReading reading = rule.read(new Canvas(32, 32).image());
        assertEquals(List.of(), reading.regions());
        assertEquals(32 * 32, labelCounts(reading.labels())[0]);
    }

    @Test
    void drawnDiscIsADisc() {
        Canvas canvas = new Canvas(32, 32).disc(8, 9, 14, BLUE);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(1, reading.regions().size());
        RuleRegion disc = reading.regions().getFirst();
        assertEquals(1, disc.cls());
        assertEquals(0.0, disc.mismatch(ShapeTemplate.DISC));
        assertEquals(14, disc.boxWidth());
        assertLabelledWhereDrawn(canvas, reading.labels(), BLUE, 1);
        assertEquals(disc.pixels(), labelCounts(reading.labels())[1]);
    }

    @Test
    void drawnSquareIsASquare() {
        Canvas canvas = new Canvas(32, 32).rect(5, 7, 12, 12, RED);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(1, reading.regions().size());
        RuleRegion square = reading.regions().getFirst();
        assertEquals(2, square.cls());
        assertEquals(144, square.pixels());
        assertEquals(1.0, square.fill());
        assertEquals(0.0, square.mismatch(ShapeTemplate.SQUARE));
        assertEquals(144, labelCounts(reading.labels())[2]);
    }

    @Test
    void drawnTriangleIsATriangle() {
        Canvas canvas = new Canvas(32, 32).triangle(10, 8, 15, GREEN);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(1, reading.regions().size());
        RuleRegion triangle = reading.regions().getFirst();
        assertEquals(3, triangle.cls());
        // the template is a little wider than the drawn triangle: nothing drawn lies outside it
        assertTrue(triangle.mismatch(ShapeTemplate.TRIANGLE) < triangle.mismatch(ShapeTemplate.DISC));
        assertLabelledWhereDrawn(canvas, reading.labels(), GREEN, 3);
    }

    @Test
    void touchingObjectsOfDifferentHueStayApart() {
        Canvas canvas = new Canvas(32, 32).rect(2, 8, 12, 12, RED).disc(14, 9, 14, BLUE);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(2, reading.regions().size());
        assertEquals(2, reading.regions().get(0).cls(), "the square starts first in raster order");
        assertEquals(1, reading.regions().get(1).cls());
        assertLabelledWhereDrawn(canvas, reading.labels(), RED, 2);
        assertLabelledWhereDrawn(canvas, reading.labels(), BLUE, 1);
    }

    @Test
    void closeHuesAreSplitByTheRgbTolerance() {
        // hue distance ~0.02 (below 0.04) but the green channel differs by 40 (not below 28)
        Canvas canvas = new Canvas(32, 32).rect(2, 8, 12, 12, 0xE02020).rect(14, 8, 12, 12, 0xE04838);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(2, reading.regions().size());
        assertEquals(144, reading.regions().get(0).pixels());
    }

    @Test
    void occludedDiscStaysADisc() {
        // a square drawn over the disc's lower right; the hidden part is not counted as missing
        Canvas canvas = new Canvas(32, 32).disc(4, 4, 16, BLUE).rect(14, 14, 12, 12, RED);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(2, reading.regions().size());
        assertEquals(1, reading.regions().get(0).cls());
        assertEquals(2, reading.regions().get(1).cls());
    }

    @Test
    void thinFringeJoinsTheObjectItBorders() {
        Canvas canvas = new Canvas(32, 32).rect(9, 8, 12, 12, GREEN).rect(8, 8, 1, 12, YELLOW_GREEN);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(1, reading.regions().size());
        RuleRegion square = reading.regions().getFirst();
        assertEquals(13 * 12, square.pixels());
        assertEquals(13, square.boxWidth());
        assertEquals(2, square.cls());
        assertLabelledWhereDrawn(canvas, reading.labels(), YELLOW_GREEN, 2);
    }

    @Test
    void fringeTouchingOnlyASmallerMergedFringeFollowsIt() {
        // smallest fringes merge first: the 2-pixel one joins the square, then the 6-pixel one
        // beside it (which never touches the square itself) borders the square through it
        Canvas canvas = new Canvas(32, 32).rect(10, 8, 12, 12, GREEN).rect(9, 12, 1, 2, YELLOW_GREEN)
                .rect(8, 10, 1, 6, RED);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(1, reading.regions().size());
        assertEquals(144 + 2 + 6, reading.regions().getFirst().pixels());
        assertLabelledWhereDrawn(canvas, reading.labels(), RED, 2);
    }

    @Test
    void fringeTouchingOnlyALargerFringeIsLeftOut() {
        // the 1-pixel fringe is looked at before the 12-pixel one it touches has merged, so it
        // stays alone and, under 8 pixels, is dropped
        Canvas canvas = new Canvas(32, 32).rect(10, 8, 12, 12, GREEN).rect(9, 8, 1, 12, YELLOW_GREEN)
                .set(8, 12, RED);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(1, reading.regions().size());
        assertEquals(144 + 12, reading.regions().getFirst().pixels());
        assertEquals(0, reading.labels().at(8, 12));
    }

    @Test
    void smallBlockThatSurvivesErosionIsNotAFringe() {
        // 3 x 6 = 18 pixels: fewer than 20, but its middle column survives the erosion
        Canvas canvas = new Canvas(32, 32).rect(9, 8, 12, 12, GREEN).rect(6, 10, 3, 6, RED);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(2, reading.regions().size());
        assertEquals(18, reading.regions().get(1).pixels());
        assertEquals(2, reading.labels().at(7, 12), "a full box: square");
    }

    @Test
    void specksBecomeBackground() {
        Canvas canvas = new Canvas(32, 32).rect(9, 8, 12, 12, GREEN).rect(25, 25, 2, 2, RED).rect(2, 2, 2, 4, BLUE);
        RuleReading reading = rule.read(canvas.image());
        assertEquals(2, reading.regions().size(), "the 4-pixel speck goes, the 8-pixel block stays");
        assertEquals(0, reading.labels().at(25, 25));
        assertEquals(8, reading.regions().getFirst().pixels());
    }

    @Test
    void byteInputReadsLikeTheImage() {
        Canvas canvas = new Canvas(32, 24).disc(3, 3, 12, BLUE).rect(18, 6, 10, 10, RED);
        LabelMap fromImage = rule.annotate(canvas.image());
        LabelMap fromBytes = rule.annotate(canvas.bytes(), 32, 24);
        assertEquals(32, fromBytes.width());
        assertEquals(24, fromBytes.height());
        assertArrayEquals(fromImage.labels(), fromBytes.labels());
        assertThrows(IllegalArgumentException.class, () -> rule.annotate(new byte[10], 32, 24));
    }

    @Test
    void hsvFollowsColorsys() {
        // values from Python: colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        Hsv magenta = Hsv.of(255, 0, 255);
        assertEquals(5.0 / 6.0, magenta.hue(), 1e-15);
        assertEquals(1.0, magenta.saturation());
        Hsv grey = Hsv.of(128, 128, 128);
        assertEquals(0.0, grey.hue());
        assertEquals(0.0, grey.saturation());
        assertEquals(128 / 255.0, grey.value());
        Hsv reddish = Hsv.of(255, 0, 10);
        assertEquals(0.9934640522875817, reddish.hue(), 1e-15);
        assertEquals(0.013, reddish.hueDistance(Hsv.of(255, 10, 0)), 0.001, "distance across the wrap at red");
        assertEquals(0.5, Hsv.of(200, 100, 100).saturation(), "exactly 0.5 is not foreground");
    }
}
