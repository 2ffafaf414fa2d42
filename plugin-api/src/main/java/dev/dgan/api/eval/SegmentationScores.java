package dev.dgan.api.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores read off a pixel confusion matrix, shaped for JSON (immutable lists, plain numbers).
 * {@code matrix.get(reference).get(prediction)} counts pixels.
 *
 * <ul>
 *   <li>{@code iou.get(c)} = TP / (TP + FP + FN) for class c; NaN when c occurs in neither the
 *       reference nor the prediction (0 / 0: nothing to score). Jackson writes NaN as "NaN".</li>
 *   <li>{@code meanIou}: the mean over the classes that are present, i.e. whose IoU is not NaN,
 *       so a class that no image contains pulls the mean neither up nor down. NaN when no pixel
 *       was counted.</li>
 *   <li>{@code pixelAccuracy}: the diagonal over all counted pixels; NaN when none were.</li>
 * </ul>
 */
public record SegmentationScores(int classes, long pixels, double pixelAccuracy, double meanIou, List<Double> iou,
                                 List<List<Long>> matrix) {

    public SegmentationScores {
        iou = List.copyOf(iou);
        matrix = matrix.stream().map(List::copyOf).toList();
    }

    static SegmentationScores of(long[][] matrix) {
        int classes = matrix.length;
        long[] rowSums = new long[classes], columnSums = new long[classes];
        long pixels = 0, correct = 0;
        List<List<Long>> rows = new ArrayList<>();
        for (int t = 0; t < classes; t++) {
            List<Long> row = new ArrayList<>();
            for (int p = 0; p < classes; p++) {
                rowSums[t] += matrix[t][p];
                columnSums[p] += matrix[t][p];
                pixels += matrix[t][p];
                row.add(matrix[t][p]);
            }
            correct += matrix[t][t];
            rows.add(row);
        }
        List<Double> iou = new ArrayList<>();
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            long union = rowSums[c] + columnSums[c] - matrix[c][c];
            if (union == 0) {
                iou.add(Double.NaN);
                continue;
            }
            double value = matrix[c][c] / (double) union;
            iou.add(value);
            sum += value;
            present++;
        }
        double meanIou = present == 0 ? Double.NaN : sum / present;
        double accuracy = pixels == 0 ? Double.NaN : correct / (double) pixels;
        return new SegmentationScores(classes, pixels, accuracy, meanIou, iou, rows);
    }

    public double iou(int cls) {
        return iou.get(cls);
    }

    public long count(int truth, int predicted) {
        return matrix.get(truth).get(predicted);
    }
}
