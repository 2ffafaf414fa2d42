package dev.dgan.host.eval.report;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes example report pictures from made-up critters (a body with eyes and a mouth) so the
 * pictures can be looked at: {@code ReportExamples <dir>}. Not a test; run it by hand.
 */
public final class ReportExamples {

    static final List<String> NAMES = List.of("background", "body", "eye", "mouth");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "eval-report-examples");
        Files.createDirectories(dir);
        Random random = new Random(7);
        List<PredictionSample> samples = new ArrayList<>();
        ConfusionMatrix matrix = new ConfusionMatrix(NAMES.size());
        for (int i = 0; i < 6; i++) {
            PredictionSample sample = critter(random, i == 2);
            samples.add(sample);
            matrix.add(sample.truth(), sample.prediction());
        }
        PredictionStrip.write(dir.resolve("prediction-strip.png"), samples, NAMES);
        ConfusionHeatMap.write(dir.resolve("confusion-4.png"), matrix.scores(), NAMES);
        ConfusionHeatMap.write(dir.resolve("confusion-40.png"), manyClasses(random, 40), names(40));
    }

    /** A critter at a random place; the prediction is the truth shifted by a pixel and missing an eye now and then. */
    static PredictionSample critter(Random random, boolean voidBorder) {
        int size = 32, cx = 12 + random.nextInt(8), cy = 13 + random.nextInt(6), rx = 8 + random.nextInt(4), ry = 6 + random.nextInt(4);
        byte[] truth = new byte[size * size], prediction = new byte[size * size];
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        boolean missEye = random.nextBoolean();
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int t = label(x, y, cx, cy, rx, ry, false);
                int p = label(x - 1, y, cx, cy, rx - 1, ry, missEye);
                if (voidBorder && (x < 2 || y < 2 || x >= size - 2 || y >= size - 2)) t = LabelMap.VOID;
                truth[y * size + x] = (byte) t;
                prediction[y * size + x] = (byte) p;
                int shade = 140 + random.nextInt(20);
                int rgb = switch (label(x, y, cx, cy, rx, ry, false)) {
                    case 1 -> 0xC07030;
                    case 2 -> 0x101010;
                    case 3 -> 0x802020;
                    default -> (shade / 2 << 16) | (shade << 8) | (shade / 2 + 40);
                };
                image.setRGB(x, y, rgb);
            }
        return new PredictionSample(image, new LabelMap(size, size, truth), new LabelMap(size, size, prediction));
    }

    static int label(int x, int y, int cx, int cy, int rx, int ry, boolean noRightEye) {
        double dx = (x - cx) / (double) rx, dy = (y - cy) / (double) ry;
        if (dx * dx + dy * dy > 1) return 0;
        if (Math.abs(y - (cy - ry / 3)) <= 1 && (Math.abs(x - (cx - rx / 3)) <= 1 || !noRightEye && Math.abs(x - (cx + rx / 3)) <= 1))
            return 2;
        if (y == cy + ry / 2 && Math.abs(x - cx) <= rx / 3) return 3;
        return 1;
    }

    /** A plausible matrix over many classes: mostly right, some confusion with neighbours, one class absent. */
    static SegmentationScores manyClasses(Random random, int n) {
        long[][] counts = new long[n][n];
        for (int t = 0; t < n; t++) {
            int absent = n - 3; // a class no test image contains and nothing predicts: its IoU is n/a
            if (t == absent) continue;
            int neighbour = (t + 1) % n == absent ? (t + 2) % n : (t + 1) % n;
            int stray = random.nextInt(n);
            if (stray == absent) stray = t;
            long total = 200 + random.nextInt(20000);
            counts[t][t] = (long) (total * (0.5 + 0.5 * random.nextDouble()));
            counts[t][neighbour] = (total - counts[t][t]) * 2 / 3;
            counts[t][stray] += total - counts[t][t] - counts[t][neighbour];
        }
        return Fixtures.scores(counts);
    }

    static List<String> names(int n) {
        List<String> names = new ArrayList<>(List.of("background", "body", "left eye", "right eye", "mouth"));
        for (int i = names.size(); i < n; i++) names.add("part " + i);
        return names.subList(0, n);
    }
}
