package dev.dgan.host.select;

import java.util.ArrayList;
import java.util.List;

/**
 * k-center greedy (Sener and Savarese's core-set selection): repeatedly take the candidate
 * farthest from everything chosen so far (and from the given centres, e.g. the samples already
 * annotated), so the picks cover feature space instead of piling up in one dense region.
 * Euclidean distance; ties go to the lower index, so the same inputs give the same picks.
 */
public final class KCenterGreedy {

    /** One pick: the candidate's index and its distance to the nearest earlier centre when taken. */
    public record Pick(int candidate, double distance) {}

    private KCenterGreedy() {
    }

    /**
     * Picks {@code k} of {@code candidates} (rows of equal length). Without {@code centres} the
     * first pick is the candidate nearest the candidates' mean: a typical sample to start from.
     */
    public static List<Pick> pick(float[][] candidates, float[][] centres, int k) {
        int n = candidates.length;
        if (k > n) throw new IllegalArgumentException("cannot pick " + k + " of " + n + " candidates");
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (float[] c : centres) for (int i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], distance(candidates[i], c));
        boolean[] taken = new boolean[n];
        List<Pick> picks = new ArrayList<>();
        while (picks.size() < k) {
            int best = centres.length == 0 && picks.isEmpty() ? nearestToMean(candidates) : farthest(nearest, taken);
            picks.add(new Pick(best, nearest[best]));
            taken[best] = true;
            for (int i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], distance(candidates[i], candidates[best]));
        }
        return picks;
    }

    private static int farthest(double[] nearest, boolean[] taken) {
        int best = -1;
        for (int i = 0; i < nearest.length; i++) if (!taken[i] && (best < 0 || nearest[i] > nearest[best])) best = i;
        return best;
    }

    private static int nearestToMean(float[][] rows) {
        float[] mean = new float[rows[0].length];
        for (float[] r : rows) for (int j = 0; j < r.length; j++) mean[j] += r[j] / rows.length;
        int best = 0;
        for (int i = 1; i < rows.length; i++) if (distance(rows[i], mean) < distance(rows[best], mean)) best = i;
        return best;
    }

    static double distance(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("feature vectors of " + a.length + " and " + b.length + " values");
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
