package dev.dgan.vqgan;

import java.util.Arrays;

/**
 * {@code top_k_top_p_filtering} of transformers 4.3.1 as taming's {@code sample_with_past}
 * calls it, on one row of logits: filtered entries become -inf. Runs on the host: one row is
 * the vocabulary (16384 floats), small next to a transformer step.
 */
final class LogitFilter {

    private LogitFilter() {}

    /** In place on {@code row}. */
    static void apply(float[] row, int topK, double topP) {
        if (topK > 0 && topK < row.length) {
            float[] sorted = row.clone();
            Arrays.sort(sorted);
            float kth = sorted[row.length - topK];
            // strictly below the k-th largest: ties with it survive, as in the reference
            for (int i = 0; i < row.length; i++) if (row[i] < kth) row[i] = Float.NEGATIVE_INFINITY;
        }
        // at 1.0 nothing can be removed, and skipping avoids a float cumsum that rounds past 1
        if (topP < 1.0) topP(row, topP);
    }

    /**
     * Sort descending, cumulative softmax, drop every token after the first whose cumulative
     * mass exceeds {@code p} (the first one itself is kept, and so is the top token).
     */
    private static void topP(float[] row, double p) {
        int n = row.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
        double max = row[order[0]], sum = 0;
        for (float v : row) sum += Math.exp(v - max);
        double cum = 0;
        boolean crossed = false;
        for (int r = 0; r < n; r++) {
            int i = order[r];
            if (crossed) {
                row[i] = Float.NEGATIVE_INFINITY;
                continue;
            }
            cum += Math.exp(row[i] - max) / sum;
            if (cum > p) crossed = true;
        }
    }
}
