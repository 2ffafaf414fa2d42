package dev.dgan.host.eval.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How different the shapes of one class are: the mean Chamfer distance over all pairs of a
 * bounded, uniformly drawn sample of its normalised contours. The sample is a seeded
 * reservoir, so memory and the quadratic pair count stay fixed however many images come in,
 * and the same images in the same order give the same figure.
 *
 * <p>Each contour is resampled to {@code points} points evenly spaced along its perimeter, so
 * a long straight edge weighs as much as a wiggly one of the same length (the vertices of a
 * simplified contour bunch up in the wiggles). The Chamfer distance of two point sets A and B
 * is the mean, over both directions, of the mean distance from a point to the nearest point of
 * the other set: {@code (mean_a min_b |a-b| + mean_b min_a |a-b|) / 2}, in unit-square units.
 */
final class ShapeDiversity {

    private final int capacity;
    private final int points;
    private final SplittableRandom random;
    private final List<double[]> sample = new ArrayList<>();
    private long seen;

    ShapeDiversity(int capacity, int points, long seed) {
        this.capacity = capacity;
        this.points = points;
        this.random = new SplittableRandom(seed);
    }

    /** Offers one normalised contour; it is kept with probability capacity / contours seen. */
    void offer(Polygon contour) {
        seen++;
        if (sample.size() < capacity) {
            sample.add(resample(contour, points));
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < capacity) sample.set((int) slot, resample(contour, points));
    }

    /** The mean over all pairs of the sample, or null with fewer than two shapes. */
    DatasetStats.Diversity result() {
        int n = sample.size();
        if (n < 2) return null;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += chamfer(sample.get(i), sample.get(j));
                pairs++;
            }
        }
        return new DatasetStats.Diversity(n, pairs, sum / pairs);
    }

    /** {@code count} points (x0, y0, x1, y1, ...) evenly spaced along the closed polygon from vertex 0. */
    static double[] resample(Polygon polygon, int count) {
        double[] x = polygon.x(), y = polygon.y();
        int n = x.length;
        double perimeter = 0;
        for (int i = 0; i < n; i++) perimeter += Math.hypot(x[(i + 1) % n] - x[i], y[(i + 1) % n] - y[i]);
        double[] out = new double[2 * count];
        int edge = 0;
        double edgeStart = 0; // arc length at the start of the current edge
        for (int k = 0; k < count; k++) {
            double at = perimeter * k / count;
            double length = Math.hypot(x[(edge + 1) % n] - x[edge], y[(edge + 1) % n] - y[edge]);
            while (edge < n - 1 && edgeStart + length < at) {
                edgeStart += length;
                edge++;
                length = Math.hypot(x[(edge + 1) % n] - x[edge], y[(edge + 1) % n] - y[edge]);
            }
            double t = length == 0 ? 0 : Math.min(1, (at - edgeStart) / length);
            out[2 * k] = x[edge] + t * (x[(edge + 1) % n] - x[edge]);
            out[2 * k + 1] = y[edge] + t * (y[(edge + 1) % n] - y[edge]);
        }
        return out;
    }

    /** Symmetric Chamfer distance of two point sets laid out as by {@link #resample}. */
    static double chamfer(double[] a, double[] b) {
        return (meanNearest(a, b) + meanNearest(b, a)) / 2;
    }

    private static double meanNearest(double[] from, double[] to) {
        double sum = 0;
        for (int i = 0; i < from.length; i += 2) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < to.length; j += 2) {
                double dx = from[i] - to[j], dy = from[i + 1] - to[j + 1];
                best = Math.min(best, dx * dx + dy * dy);
            }
            sum += Math.sqrt(best);
        }
        return sum / (from.length / 2);
    }
}
