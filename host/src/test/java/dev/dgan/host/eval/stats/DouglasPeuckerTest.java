package dev.dgan.host.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected counts marked "OpenCV" were computed with opencv-python-headless 4.14:
 * findContours(RETR_EXTERNAL, CHAIN_APPROX_SIMPLE), the contour brought into the unit square
 * as {@link ContourScale} does in float64, cast to float32, then approxPolyDP(closed=True).
 */
class DouglasPeuckerTest {

    static Polygon poly(double... xy) {
        double[] x = new double[xy.length / 2], y = new double[xy.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new Polygon(x, y);
    }

    static int count(Mask mask, double epsilon) {
        Polygon unit = ContourScale.OBJECT.apply(ContourTracer.traceOuter(mask), mask.width(), mask.height());
        return DouglasPeucker.simplifyClosed(unit, epsilon).size();
    }

    @Test
    void straightPolylineCollapsesToItsEnds() {
        Polygon line = poly(0, 0, 0.1, 0.1, 0.2, 0.2, 0.5, 0.5, 0.7, 0.7, 1, 1);
        assertArrayEquals(new double[][] {{0, 0}, {1, 1}}, Shapes.points(DouglasPeucker.simplifyOpen(line, 0.01)));
        // a wiggle within epsilon goes too, one beyond it stays
        Polygon wiggly = poly(0, 0, 0.25, 0.005, 0.5, -0.005, 0.75, 0.002, 1, 0);
        assertEquals(2, DouglasPeucker.simplifyOpen(wiggly, 0.01).size());
        Polygon bent = poly(0, 0, 0.5, 0.25, 1, 0);
        assertArrayEquals(new double[][] {{0, 0}, {0.5, 0.25}, {1, 0}}, Shapes.points(DouglasPeucker.simplifyOpen(bent, 0.01)));
    }

    @Test
    void rectangleKeepsItsFourCornersAndLosesPointsOnItsSides() {
        Polygon square = poly(0, 0, 0, 0.5, 0, 1, 0.5, 1, 1, 1, 1, 0.5, 1, 0, 0.5, 0);
        Polygon simplified = DouglasPeucker.simplifyClosed(square, 0.01);
        assertEquals(4, simplified.size(), simplified::toString);
        for (int i = 0; i < 4; i++) {
            assertTrue((simplified.x()[i] == 0 || simplified.x()[i] == 1) && (simplified.y()[i] == 0 || simplified.y()[i] == 1),
                    "corner expected, got " + simplified);
        }
    }

    @Test
    void rectangleAndTriangleContoursKeepTheirCorners() {
        assertEquals(4, count(Mask.of("......", ".####.", ".####.", "......"), 0.01));
        boolean[] inside = new boolean[30 * 30];
        for (int y = 0; y < 30; y++) for (int x = 0; x < 30; x++) inside[y * 30 + x] = x >= 4 && y <= 24 && x <= y;
        assertEquals(3, count(new Mask(0, 0, 30, 30, inside), 0.01));
    }

    @Test
    void singlePointAndTwoPointsStayAsTheyAre() {
        assertEquals(1, count(Mask.of("#"), 0.01));
        assertEquals(1, DouglasPeucker.simplifyClosed(poly(0.3, 0.3), 0.01).size());
        assertEquals(2, count(Mask.of(".....", ".###.", "....."), 0.01));
    }

    @Test
    void discCountsMatchOpenCv() {
        // At 0.01 of the object's box the tolerance is a quarter pixel or less for these discs,
        // under the half-pixel steps of a digital circle, so every run end stays: the count
        // equals the traced contour's (20, 36, 36, 38 of 68). Coarser tolerances cut it down
        // toward the octagon a digital disc is at heart.
        assertEquals(20, count(Shapes.disc(5), 0.01));
        assertEquals(36, count(Shapes.disc(8), 0.01));
        assertEquals(36, ContourTracer.traceOuter(Shapes.disc(12)).size());
        assertEquals(36, count(Shapes.disc(12), 0.01));
        assertEquals(28, count(Shapes.disc(12), 0.02));
        assertEquals(12, count(Shapes.disc(12), 0.05));
        assertEquals(8, count(Shapes.disc(12), 0.1));
        assertEquals(38, count(Shapes.disc(20), 0.01));
        assertEquals(26, count(Shapes.disc(40), 0.01));
    }

    @Test
    void discCountIsWithinTheBoundsGeometryAllows() {
        // DP only drops points, so at most the contour's 36; and every contour point stays
        // within about eps * (1 + 1/sqrt 2) of the result, which for a circle of radius 1/2 needs
        // at least pi / acos((r - d) / (r + d)) vertices: 8.6 at eps 0.05, so 9 or more.
        for (double eps : new double[] {0.01, 0.02, 0.05}) {
            int n = count(Shapes.disc(12), eps);
            double d = eps * (1 + 1 / Math.sqrt(2)), r = 0.5;
            assertTrue(n >= Math.ceil(Math.PI / Math.acos((r - d) / (r + d))) && n <= 36, "eps " + eps + ": " + n);
        }
    }

    @Test
    void outlineThatDoublesBackIsMeasuredToTheSegmentAsOpenCvNowDoes() {
        // a random blob with one-pixel spurs; OpenCV 4.14 keeps 15 points at eps 0.08. Measuring
        // to the infinite line instead (older releases) keeps 13.
        Mask blob = Mask.of("####.......", "###........", "##......#..", "##......#..", "#...#....##", "##.##....##",
                "########..#", "########..#", "....#######", ".....####..", "......##...");
        assertEquals(15, count(blob, 0.08));
        assertEquals(28, count(blob, 0.01));
    }

    @Test
    void badEpsilonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DouglasPeucker.simplifyClosed(poly(0, 0, 1, 1), -1));
        assertThrows(IllegalArgumentException.class, () -> DouglasPeucker.simplifyClosed(poly(0, 0, 1, 1), Double.NaN));
    }
}
