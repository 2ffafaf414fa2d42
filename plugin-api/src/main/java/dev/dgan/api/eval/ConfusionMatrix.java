package dev.dgan.api.eval;

import dev.dgan.api.task.LabelMap;

/**
 * A pixel confusion matrix over {@code classes} labels, accumulated over pairs of label maps:
 * rows are the reference (ground truth or the annotator standing in for it), columns the
 * prediction. A pixel that is {@link LabelMap#VOID} on either side carries no verdict and is
 * skipped. Not thread-safe.
 */
public final class ConfusionMatrix {

    private final int classes;
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1 || classes > LabelMap.VOID)
            throw new IllegalArgumentException("classes must be in 1.." + LabelMap.VOID + ", got " + classes);
        this.classes = classes;
        this.counts = new long[classes][classes];
    }

    public int classes() {
        return classes;
    }

    /**
     * Adds every pixel of one pair. The whole pair is checked before anything is counted, so a
     * rejected pair leaves the matrix as it was.
     */
    public ConfusionMatrix add(LabelMap reference, LabelMap prediction) {
        if (reference.width() != prediction.width() || reference.height() != prediction.height())
            throw new IllegalArgumentException("label maps differ in size: reference " + reference.width() + "x"
                    + reference.height() + ", prediction " + prediction.width() + "x" + prediction.height());
        byte[] truth = reference.labels(), predicted = prediction.labels();
        checkIds(truth, reference.width(), "reference");
        checkIds(predicted, prediction.width(), "prediction");
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i] & 0xFF, p = predicted[i] & 0xFF;
            if (t != LabelMap.VOID && p != LabelMap.VOID) counts[t][p]++;
        }
        return this;
    }

    /** Pixels with reference class {@code truth} predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public SegmentationScores scores() {
        long[][] matrix = new long[classes][];
        for (int c = 0; c < classes; c++) matrix[c] = counts[c].clone();
        return SegmentationScores.of(matrix);
    }

    private void checkIds(byte[] labels, int width, String side) {
        for (int i = 0; i < labels.length; i++) {
            int id = labels[i] & 0xFF;
            if (id >= classes && id != LabelMap.VOID)
                throw new IllegalArgumentException(side + " label " + id + " at (" + (i % width) + ", " + (i / width)
                        + ") is not a class id below " + classes + " nor void (" + LabelMap.VOID + ")");
        }
    }
}
