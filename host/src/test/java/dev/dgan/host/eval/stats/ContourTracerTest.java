package dev.dgan.host.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Expected contours are OpenCV's: cv2.findContours(mask, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE)
 * of opencv-python-headless 4.14 on the same pixels gives the same points in the same order.
 */
class ContourTracerTest {

    @Test
    void filledRectangleGivesItsFourCornersStartingTopLeftAndGoingDownFirst() {
        boolean[] inside = new boolean[32 * 32];
        for (int y = 3; y < 13; y++) for (int x = 5; x < 21; x++) inside[y * 32 + x] = true;
        Polygon contour = ContourTracer.traceOuter(new Mask(0, 0, 32, 32, inside));
        assertArrayEquals(new int[][] {{5, 3}, {5, 12}, {20, 12}, {20, 3}}, Shapes.pixels(contour));
    }

    @Test
    void rightTriangleGivesThreeCorners() {
        // x >= 4, y <= 24, x <= y in a 30 x 30 image: the hypotenuse is one diagonal run
        boolean[] inside = new boolean[30 * 30];
        for (int y = 0; y < 30; y++) for (int x = 0; x < 30; x++) inside[y * 30 + x] = x >= 4 && y <= 24 && x <= y;
        Polygon contour = ContourTracer.traceOuter(new Mask(0, 0, 30, 30, inside));
        assertArrayEquals(new int[][] {{4, 4}, {4, 24}, {24, 24}}, Shapes.pixels(contour));
    }

    @Test
    void singlePixelGivesOnePoint() {
        Mask mask = Mask.of(".....", "...#.", ".....");
        assertArrayEquals(new int[][] {{3, 1}}, Shapes.pixels(ContourTracer.traceOuter(mask)));
    }

    @Test
    void lineGivesItsTwoEndsAndADiagonalToo() {
        assertArrayEquals(new int[][] {{1, 1}, {5, 1}}, Shapes.pixels(ContourTracer.traceOuter(Mask.of(".......", ".#####.", "......."))));
        assertArrayEquals(new int[][] {{1, 0}, {3, 2}}, Shapes.pixels(ContourTracer.traceOuter(Mask.of(".#..", "..#.", "...#"))));
    }

    @Test
    void shapeTouchingTheImageBorderIsClosedAlongTheBorder() {
        // a full-height bar on the left edge with an arm reaching the right edge (OpenCV: 10 points)
        String[] rows = new String[20];
        for (int y = 0; y < 20; y++) rows[y] = "########" + (y >= 5 && y < 9 ? "#".repeat(22) : ".".repeat(22));
        Polygon contour = ContourTracer.traceOuter(Mask.of(rows));
        assertArrayEquals(new int[][] {{0, 0}, {0, 19}, {7, 19}, {7, 9}, {8, 8}, {29, 8}, {29, 5}, {8, 5}, {7, 4}, {7, 0}},
                Shapes.pixels(contour));
    }

    @Test
    void holesAreNotTraced() {
        Polygon contour = ContourTracer.traceOuter(Mask.of("#####", "#...#", "#...#", "#####"));
        assertArrayEquals(new int[][] {{0, 0}, {0, 3}, {4, 3}, {4, 0}}, Shapes.pixels(contour));
    }

    @Test
    void discOfRadiusTwelveMatchesOpenCv() {
        Polygon contour = ContourTracer.traceOuter(Shapes.disc(12));
        assertArrayEquals(new int[][] {{16, 4}, {15, 5}, {12, 5}, {11, 6}, {10, 6}, {6, 10}, {6, 11}, {5, 12}, {5, 15}, {4, 16},
                {5, 17}, {5, 20}, {6, 21}, {6, 22}, {10, 26}, {11, 26}, {12, 27}, {15, 27}, {16, 28}, {17, 27}, {20, 27},
                {21, 26}, {22, 26}, {26, 22}, {26, 21}, {27, 20}, {27, 17}, {28, 16}, {27, 15}, {27, 12}, {26, 11},
                {26, 10}, {22, 6}, {21, 6}, {20, 5}, {17, 5}}, Shapes.pixels(contour));
    }

    @Test
    void onlyTheShapeHoldingTheFirstPixelIsTracedAndTheOriginIsAdded() {
        Mask mask = new Mask(10, 20, 4, 3, Mask.of("##..", "##..", "...#").inside());
        assertArrayEquals(new int[][] {{10, 20}, {10, 21}, {11, 21}, {11, 20}}, Shapes.pixels(ContourTracer.traceOuter(mask)));
    }

    @Test
    void emptyMaskIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ContourTracer.traceOuter(Mask.of("...", "...")));
        assertEquals(1, ContourTracer.traceOuter(Mask.of("#")).size());
    }
}
