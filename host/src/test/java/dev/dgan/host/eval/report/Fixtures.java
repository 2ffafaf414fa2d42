package dev.dgan.host.eval.report;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Tiny inputs for the report tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Scores of exactly {@code counts[truth][predicted]}, made by counting label maps as an evaluation would. */
    static SegmentationScores scores(long[][] counts) {
        int n = counts.length;
        ConfusionMatrix matrix = new ConfusionMatrix(n);
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++)
                for (long k = 0; k < counts[t][p]; k++) {
                    truth.add(t);
                    predicted.add(p);
                }
        if (!truth.isEmpty()) matrix.add(row(truth), row(predicted));
        return matrix.scores();
    }

    static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add(i == 0 ? "background" : "class " + i);
        return names;
    }

    static LabelMap map(int width, int height, int... labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) bytes[i] = (byte) labels[i];
        return new LabelMap(width, height, bytes);
    }

    /** A {@code size} x {@code size} map of {@code fill} with one pixel ({@code x}, {@code y}) set to {@code id}. */
    static LabelMap square(int size, int fill, int x, int y, int id) {
        int[] labels = new int[size * size];
        java.util.Arrays.fill(labels, fill);
        labels[y * size + x] = id;
        return map(size, size, labels);
    }

    static BufferedImage image(int size, int rgb) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) image.setRGB(x, y, rgb);
        return image;
    }

    static int rgbAt(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    private static LabelMap row(List<Integer> labels) {
        return map(labels.size(), 1, labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
