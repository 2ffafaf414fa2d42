package dev.dgan.host.eval.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Object centres of one class: exact mean and spread over all of them, and the points
 * themselves up to a cap. Past the cap a seeded reservoir keeps a uniform sample, so a scatter
 * plot of a million images still shows where objects sit while memory stays fixed.
 */
final class CentreSample {

    private final int capacity;
    private final SplittableRandom random;
    private final List<DatasetStats.Point> points = new ArrayList<>();
    private long count;
    private double sumX, sumY, sumXX, sumYY;

    CentreSample(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
    }

    void add(double x, double y) {
        count++;
        sumX += x;
        sumY += y;
        sumXX += x * x;
        sumYY += y * y;
        DatasetStats.Point point = new DatasetStats.Point(x, y);
        if (points.size() < capacity) {
            points.add(point);
        } else {
            long slot = random.nextLong(count);
            if (slot < capacity) points.set((int) slot, point);
        }
    }

    /** The summary, or null when no centre was added. The spread is the population one. */
    DatasetStats.Centres summary() {
        if (count == 0) return null;
        double meanX = sumX / count, meanY = sumY / count;
        return new DatasetStats.Centres(count, meanX, meanY, Math.sqrt(Math.max(0, sumXX / count - meanX * meanX)),
                Math.sqrt(Math.max(0, sumYY / count - meanY * meanY)), List.copyOf(points));
    }
}
