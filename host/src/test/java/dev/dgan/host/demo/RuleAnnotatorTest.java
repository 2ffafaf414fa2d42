package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dgan.host.demo.Canvas.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rule, step by step, on small drawn scenes whose answer follows from demo/rule.md by hand. */
class RuleAnnotatorTest {

    static final int BG = 0, BODY = 1, EYE = 2, MOUTH = 3;

    /** A background of chroma 110: no grey test, only the plane makes it background. */
    static final int BLUISH = rgb(90, 110, 200);
    /** The usual body: chroma 160 and max 200, so the body medians are 160 and 200. */
    static final int GREEN = rgb(40, 200, 60);
    static final int WHITE = rgb(255, 255, 255);
    static final int BLACK = rgb(30, 30, 30);
    /** Dark (max 120 <= T_DARK) with red the largest channel; chroma 90 is not achromatic in a GREEN body. */
    static final int DARK_RED = rgb(120, 30, 30);

    /** The usual body: a 20 x 20 square at (6, 6); its rim is the outermost ring. */
    static final int BODY_X = 6, BODY_Y = 6, BODY_SIZE = 20;

    final RuleAnnotator rule = new RuleAnnotator();

    static Canvas bodyOn(int background) {
        return Canvas.flat(32, 32, background).rect(BODY_X, BODY_Y, BODY_SIZE, BODY_SIZE, GREEN);
    }

    static ExpectedLabels expectedBody() {
        return new ExpectedLabels(32, 32).rect(BODY_X, BODY_Y, BODY_SIZE, BODY_SIZE, BODY);
    }

    @Test
    void gradientBackgroundIsFittedByAPlane() {
        new ExpectedLabels(32, 32).assertMatches(rule.annotate(Canvas.gradient(32, 32).image()));

        Canvas canvas = Canvas.gradient(32, 32).rect(BODY_X, BODY_Y, BODY_SIZE, BODY_SIZE, GREEN);
        expectedBody().assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void anL1DistanceOfExactlyT_BGFromThePlaneIsStillBackground() {
        Canvas atThreshold = Canvas.gradient(32, 32), pastThreshold = Canvas.gradient(32, 32);
        for (int y = 8; y < 14; y++) {
            for (int x = 8; x < 14; x++) {
                atThreshold.set(x, y, Canvas.gradientAt(x, y) + 48);   // blue 140 -> 188
                pastThreshold.set(x, y, Canvas.gradientAt(x, y) + 49);
            }
        }
        new ExpectedLabels(32, 32).assertMatches(rule.annotate(atThreshold.image()));
        new ExpectedLabels(32, 32).rect(8, 8, 6, 6, BODY).assertMatches(rule.annotate(pastThreshold.image()));
    }

    @Test
    void anObjectUnderMIN_OBJECTPixelsLeavesTheImageEmpty() {
        Canvas twenty = Canvas.flat(32, 32, BLUISH).rect(10, 10, 4, 5, GREEN);
        new ExpectedLabels(32, 32).rect(10, 10, 4, 5, BODY).assertMatches(rule.annotate(twenty.image()));

        RuleReading nineteen = rule.read(twenty.set(10, 10, BLUISH).image());
        new ExpectedLabels(32, 32).assertMatches(nineteen.labels());
        assertEquals(0, nineteen.objectPixels());
        assertEquals(List.of(), nineteen.parts());
    }

    @Test
    void theLargestComponentIsTheObjectAndTiesGoToTheFirstInRasterOrder() {
        // a touches b only at a corner, so they are separate 4-connected components of 25 pixels each
        Canvas diagonal = Canvas.flat(32, 32, BLUISH).rect(20, 4, 5, 5, GREEN).rect(15, 9, 5, 5, GREEN);
        new ExpectedLabels(32, 32).rect(20, 4, 5, 5, BODY).assertMatches(rule.annotate(diagonal.image()));

        // on the same row the one further left comes first
        Canvas sideBySide = Canvas.flat(32, 32, BLUISH).rect(20, 4, 5, 5, GREEN).rect(2, 4, 5, 5, GREEN);
        new ExpectedLabels(32, 32).rect(2, 4, 5, 5, BODY).assertMatches(rule.annotate(sideBySide.image()));

        // one pixel more beats coming first
        Canvas larger = Canvas.flat(32, 32, BLUISH).rect(20, 4, 5, 5, GREEN).rect(15, 9, 5, 5, GREEN).set(15, 14, GREEN);
        new ExpectedLabels(32, 32).rect(15, 9, 5, 5, BODY).set(15, 14, BODY).assertMatches(rule.annotate(larger.image()));
    }

    @Test
    void enclosedHolesJoinTheObjectAndOpenBaysDoNot() {
        int pale = rgb(235, 235, 235);  // the background itself, and white (min >= T_WHITE)
        Canvas canvas = bodyOn(pale).rect(10, 10, 3, 3, pale)   // an eye white that looks like the background
                .rect(18, 18, 3, 3, pale).rect(21, 19, 5, 1, pale);   // the same, but open to the outside
        RuleReading reading = rule.read(canvas.image());

        expectedBody().rect(10, 10, 3, 3, EYE).rect(18, 18, 3, 3, BG).rect(21, 19, 5, 1, BG).assertMatches(reading.labels());
        assertEquals(BODY_SIZE * BODY_SIZE - 9 - 5, reading.objectPixels());
    }

    @Test
    void holesAre4Connected() {
        // the body's corner pixel is cut away; the hole beside it touches that outside pixel only
        // diagonally, so it is still enclosed
        int pale = rgb(235, 235, 235);
        Canvas canvas = bodyOn(pale).set(BODY_X, BODY_Y, pale).rect(BODY_X + 1, BODY_Y + 1, 3, 3, pale);
        expectedBody().set(BODY_X, BODY_Y, BG).rect(BODY_X + 1, BODY_Y + 1, 3, 3, EYE)
                .assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void midGreysAreBackgroundButBlackIsNot() {
        // on a flat grey background a lighter grey blotch is far from the plane; only the grey test
        // keeps it out of the body it touches. A black strip is no background grey and joins the body.
        Canvas canvas = bodyOn(rgb(100, 100, 100)).rect(2, 10, 4, 6, rgb(160, 160, 160)).rect(26, 10, 1, 6, BLACK);
        expectedBody().rect(26, 10, 1, 6, BODY).assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void achromaticBlobsAreEyesOnlyWithAWhiteOrBlackSeed() {
        int lightGrey = rgb(170, 170, 170);   // not dark either (170 > T_DARK, 5 * 170 > 4 * 200): no mouth
        Canvas canvas = bodyOn(BLUISH).rect(9, 9, 3, 3, lightGrey)
                .rect(16, 9, 3, 3, lightGrey).set(17, 10, WHITE)
                .rect(9, 16, 3, 3, lightGrey).set(10, 17, BLACK);
        expectedBody().rect(16, 9, 3, 3, EYE).rect(9, 16, 3, 3, EYE).assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void achromaticIsAlsoRelativeToTheBody() {
        // chroma 80: above T_ACHRO, but at most half the bright body's median chroma of 200; not dark
        // (200 > T_DARK, 5 * 200 > 4 * 240), so without the relative test only the white seed would be a
        // candidate, one pixel, too small for a part
        int pinkishGrey = rgb(200, 120, 190);
        Canvas canvas = Canvas.flat(32, 32, BLUISH).rect(BODY_X, BODY_Y, BODY_SIZE, BODY_SIZE, rgb(60, 240, 40))
                .rect(10, 10, 3, 3, pinkishGrey).set(11, 11, WHITE);
        expectedBody().rect(10, 10, 3, 3, EYE).assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void eyeCandidatesAndPartsAre8Connected() {
        // a white seed with a diagonal tail of light grey: one 3-pixel eye only if diagonals connect
        int lightGrey = rgb(170, 170, 170);
        Canvas canvas = bodyOn(BLUISH).set(10, 10, WHITE).set(11, 11, lightGrey).set(12, 12, lightGrey);
        RuleReading reading = rule.read(canvas.image());

        expectedBody().set(10, 10, EYE).set(11, 11, EYE).set(12, 12, EYE).assertMatches(reading.labels());
        assertEquals(List.of(new PartComponent(3, 3, 0, EYE)), reading.parts());
    }

    @Test
    void darkRedInsideTheBodyIsMouthButNotOnItsRim() {
        int bottomRow = BODY_Y + BODY_SIZE - 1;
        Canvas canvas = bodyOn(BLUISH).rect(14, 20, 4, 2, DARK_RED)
                .rect(8, bottomRow - 1, 4, 2, DARK_RED)   // its lower row lies on the rim
                .rect(20, 12, 3, 3, rgb(100, 130, 40));   // dark, but green is the largest channel
        expectedBody().rect(14, 20, 4, 2, MOUTH).rect(8, bottomRow - 1, 4, 1, MOUTH)
                .assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void darknessIsAlsoRelativeToTheBody() {
        int brownish = rgb(180, 100, 90);   // max 180: above T_DARK, at most 4/5 of 240 but not of 200
        Canvas inBrightBody = Canvas.flat(32, 32, BLUISH).rect(BODY_X, BODY_Y, BODY_SIZE, BODY_SIZE, rgb(60, 240, 40))
                .rect(12, 18, 3, 2, brownish);
        expectedBody().rect(12, 18, 3, 2, MOUTH).assertMatches(rule.annotate(inBrightBody.image()));

        expectedBody().assertMatches(rule.annotate(bodyOn(BLUISH).rect(12, 18, 3, 2, brownish).image()));
    }

    @Test
    void partsUnderMIN_PARTPixelsStayBody() {
        Canvas canvas = bodyOn(BLUISH).rect(10, 10, 2, 1, DARK_RED).rect(10, 16, 3, 1, DARK_RED);
        RuleReading reading = rule.read(canvas.image());

        expectedBody().rect(10, 16, 3, 1, MOUTH).assertMatches(reading.labels());
        assertEquals(List.of(new PartComponent(2, 0, 2, BODY), new PartComponent(3, 0, 3, MOUTH)), reading.parts());
    }

    @Test
    void aPartComponentTakesTheMajorityClassAndTiesGoToEye() {
        Canvas canvas = bodyOn(BLUISH)
                .rect(10, 12, 2, 1, WHITE).rect(12, 12, 2, 1, DARK_RED)
                .rect(10, 18, 2, 1, WHITE).rect(12, 18, 3, 1, DARK_RED);
        RuleReading reading = rule.read(canvas.image());

        expectedBody().rect(10, 12, 4, 1, EYE).rect(10, 18, 5, 1, MOUTH).assertMatches(reading.labels());
        assertEquals(List.of(new PartComponent(4, 2, 2, EYE), new PartComponent(5, 2, 3, MOUTH)), reading.parts());
    }

    @Test
    void closingFillsBodyPixelsSurroundedByAPart() {
        Canvas canvas = bodyOn(BLUISH).rect(9, 9, 3, 3, WHITE).set(10, 10, GREEN)
                .rect(16, 9, 3, 3, DARK_RED).set(17, 10, GREEN);
        expectedBody().rect(9, 9, 3, 3, EYE).rect(16, 9, 3, 3, MOUTH).assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void closingReadsTheLabelsFromBeforeThePass() {
        // a = (11, 15) has 5 eye neighbours and becomes eye; b = (12, 15) has 4 and a, which is
        // still body in the labels the pass reads, so b stays body
        Canvas canvas = bodyOn(BLUISH).rect(10, 14, 4, 1, WHITE).set(10, 15, WHITE).set(13, 15, WHITE).set(10, 16, WHITE);
        expectedBody().rect(10, 14, 4, 1, EYE).set(10, 15, EYE).set(13, 15, EYE).set(10, 16, EYE)
                .set(11, 15, EYE).assertMatches(rule.annotate(canvas.image()));
    }

    @Test
    void bodyColourMediansAreLowerMedians() {
        // max over the four pixels: 100, 200, 200, 100 -> sorted 100 100 200 200, index (4 - 1) / 2 = 1
        byte[] rgb = {100, 0, 0, (byte) 200, 0, 0, (byte) 200, 0, 0, 100, 0, 0};
        BodyColour body = BodyColour.of(new RgbPixels(2, 2, rgb), new boolean[]{true, true, true, true});
        assertEquals(new BodyColour(100, 100), body);
    }

    @Test
    void byteInputReadsLikeTheImage() {
        Canvas canvas = bodyOn(BLUISH).rect(9, 9, 3, 3, WHITE).rect(14, 20, 4, 2, DARK_RED);
        LabelMap fromImage = rule.annotate(canvas.image());
        LabelMap fromBytes = rule.annotate(canvas.bytes(), 32, 32);
        assertArrayEquals(fromImage.labels(), fromBytes.labels());
        assertThrows(IllegalArgumentException.class, () -> rule.annotate(new byte[10], 32, 32));
    }
}
