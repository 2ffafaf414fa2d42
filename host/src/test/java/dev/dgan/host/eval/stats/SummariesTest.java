package dev.dgan.host.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SummariesTest {

    @Test
    void histogramQuantilesAreNumpys() {
        CountHistogram h = new CountHistogram();
        for (int v : new int[] {4, 9, 4, 6, 12}) h.add(v);
        DatasetStats.Complexity c = h.summary();
        // sorted 4 4 6 9 12: numpy.median 6, percentile 25 -> 4, 75 -> 9, std (ddof 0) 3.0331...
        assertEquals(6, c.median());
        assertEquals(4, c.q1());
        assertEquals(9, c.q3());
        assertEquals(7, c.mean());
        assertEquals(Math.sqrt((9 + 9 + 1 + 4 + 25) / 5.0), c.std(), 1e-12);
        assertEquals(4, c.min());
        assertEquals(12, c.max());
        h.add(20);
        assertEquals(7.5, h.quantile(0.5), "even count: the mean of the middle two");
        assertEquals(4.5, h.quantile(0.25), "rank 1.25 between 4 and 6");
        assertNull(new CountHistogram().summary());
    }

    @Test
    void resamplingSpacesPointsEvenlyAlongThePerimeter() {
        Polygon square = new Polygon(new double[] {0, 0, 1, 1}, new double[] {0, 1, 1, 0});
        double[] points = ShapeDiversity.resample(square, 8);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 0, 1, 0.5, 1, 1, 1, 1, 0.5, 1, 0, 0.5, 0}, points, 1e-12);
    }

    @Test
    void chamferDistanceOfAShiftedCopyIsTheShift() {
        double[] a = {0, 0, 1, 0, 2, 0}, b = {0, 0.1, 1, 0.1, 2, 0.1};
        assertEquals(0.1, ShapeDiversity.chamfer(a, b), 1e-12);
        assertEquals(0, ShapeDiversity.chamfer(a, a));
    }

    @Test
    void diversitySampleStaysBoundedAndIsSeeded() {
        ShapeDiversity one = new ShapeDiversity(5, 16, 42), two = new ShapeDiversity(5, 16, 42);
        for (int i = 1; i <= 50; i++) {
            Polygon box = new Polygon(new double[] {0, 0, 1, 1}, new double[] {0, i / 50.0, i / 50.0, 0});
            one.offer(box);
            two.offer(box);
        }
        assertEquals(5, one.result().shapes());
        assertEquals(10, one.result().pairs());
        assertEquals(one.result(), two.result());
    }
}
