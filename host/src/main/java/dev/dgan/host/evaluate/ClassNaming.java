package dev.dgan.host.evaluate;

import dev.dgan.api.eval.SegmentationScores;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Class names for reports: declared names padded with "class k", and scores keyed by name. */
public final class ClassNaming {

    private ClassNaming() {}

    public static List<String> complete(List<String> declared, int count) {
        List<String> names = new ArrayList<>(declared);
        while (names.size() < count) names.add("class " + names.size());
        return List.copyOf(names);
    }

    /** The scores with a per-class map by name, beside the raw matrix. */
    public static Map<String, Object> named(SegmentationScores s, List<String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meanIou", s.meanIou());
        m.put("pixelAccuracy", s.pixelAccuracy());
        m.put("pixels", s.pixels());
        Map<String, Double> iou = new LinkedHashMap<>();
        for (int c = 0; c < s.classes(); c++) iou.put(names.get(c), s.iou(c));
        m.put("iou", iou);
        m.put("confusionMatrix", Map.of("rows", "truth", "columns", "prediction", "classes", names.subList(0, s.classes()), "pixels", s.matrix()));
        return m;
    }

    public static void print(PrintWriter w, String title, SegmentationScores s, List<String> names) {
        w.printf(Locale.ROOT, "%s: mIoU %.3f, pixel accuracy %.4f%n", title, s.meanIou(), s.pixelAccuracy());
        StringBuilder line = new StringBuilder("  IoU");
        for (int c = 0; c < s.classes(); c++) line.append(String.format(Locale.ROOT, "  %s %.3f", names.get(c), s.iou(c)));
        w.println(line);
    }
}
