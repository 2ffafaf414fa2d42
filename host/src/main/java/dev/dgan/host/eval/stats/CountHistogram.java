package dev.dgan.host.eval.stats;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exact counts of small integers (vertex counts), from which mean, spread and quantiles are
 * read without keeping one number per image: the distinct values are few even when the images
 * are many.
 */
final class CountHistogram {

    private final TreeMap<Integer, Long> counts = new TreeMap<>();
    private long total;
    private double sum, sumSquares;

    void add(int value) {
        counts.merge(value, 1L, Long::sum);
        total++;
        sum += value;
        sumSquares += (double) value * value;
    }

    long total() {
        return total;
    }

    /** The summary, or null when nothing was added. The spread is the population one (numpy's std). */
    DatasetStats.Complexity summary() {
        if (total == 0) return null;
        double mean = sum / total;
        double std = Math.sqrt(Math.max(0, sumSquares / total - mean * mean));
        SortedMap<Integer, Long> histogram = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
        return new DatasetStats.Complexity(total, mean, quantile(0.5), std, counts.firstKey(), quantile(0.25),
                quantile(0.75), counts.lastKey(), histogram);
    }

    /**
     * numpy's default ("linear") quantile: the value at rank q * (n - 1) of the sorted values,
     * interpolated between the two neighbouring ranks. q = 0.5 is the usual median.
     */
    double quantile(double q) {
        double rank = q * (total - 1);
        long below = (long) Math.floor(rank);
        double fraction = rank - below;
        int low = valueAtRank(below);
        int high = fraction == 0 ? low : valueAtRank(below + 1);
        return low + fraction * (high - low);
    }

    private int valueAtRank(long rank) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (rank < seen) return e.getKey();
        }
        return counts.lastKey();
    }
}
