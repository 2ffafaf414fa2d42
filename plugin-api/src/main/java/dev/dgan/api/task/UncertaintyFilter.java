package dev.dgan.api.task;

import java.util.Arrays;

/**
 * Drops the most uncertain fraction of a run: given every sample's image score, the samples
 * whose score is among the highest {@code fraction} are rejected. Ties at the cut are broken
 * by sample order (the later sample is dropped), so the result is deterministic.
 */
public final class UncertaintyFilter {

    private UncertaintyFilter() {}

    /** {@code keep[i]} is true for the samples to keep; exactly floor(fraction * n) are dropped. */
    public static boolean[] keep(double[] scores, double fraction) {
        if (!(fraction >= 0 && fraction < 1))
            throw new IllegalArgumentException("filter fraction must be in [0, 1), got " + fraction);
        int n = scores.length;
        int drop = (int) Math.floor(fraction * n + 1e-9);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("uncertainty score of sample " + i + " is NaN");
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(b, a));
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        for (int i = 0; i < drop; i++) keep[order[i]] = false;
        return keep;
    }
}
