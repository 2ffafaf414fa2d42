package dev.dgan.host.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The select study's table (markdown) and plot (PNG) from its results: lines of
 * {@code strategy draw annotated metric value}, tab-separated; metric is "rule" (interpreter vs the
 * rule on held-out seeds) or "downstream" (segmenter trained on generated pairs, real test set).
 */
final class SelectStudyReport {

    record Row(String strategy, int draw, int annotated, String metric, double value) {}

    private SelectStudyReport() {
    }

    static void write(Path tsv, Path md, Path png) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            rows.add(new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], Double.parseDouble(f[4])));
        }
        Files.writeString(md, table(rows));
        javax.imageio.ImageIO.write(plot(rows), "png", png.toFile());
    }

    /** Per strategy, metric and count: mean, min and max over draws. */
    static Map<String, Map<Integer, double[]>> summary(List<Row> rows, String metric) {
        Map<String, Map<Integer, double[]>> out = new TreeMap<>();
        Map<String, Map<Integer, List<Double>>> grouped = rows.stream().filter(r -> r.metric().equals(metric))
                .collect(Collectors.groupingBy(Row::strategy, TreeMap::new, Collectors.groupingBy(Row::annotated, TreeMap::new,
                        Collectors.mapping(Row::value, Collectors.toList()))));
        grouped.forEach((strategy, byN) -> byN.forEach((n, values) -> out.computeIfAbsent(strategy, k -> new TreeMap<>()).put(n, new double[] {
                values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), values.size()})));
        return out;
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| annotated samples chosen by | metric | 4 | 8 | 16 |\n|---|---|---:|---:|---:|\n");
        for (String metric : List.of("rule", "downstream")) {
            summary(rows, metric).forEach((strategy, byN) -> {
                sb.append("| ").append(strategy).append(" | ").append(metric.equals("rule")
                        ? "mIoU vs the rule, held-out seeds" : "downstream mIoU, 300 real test images");
                for (int n : new int[] {4, 8, 16}) {
                    double[] v = byN.get(n);
                    sb.append(" | ").append(v == null ? "" : String.format(Locale.ROOT, "%.3f (%.3f-%.3f, %d)", v[0], v[1], v[2], (int) v[3]));
                }
                sb.append(" |\n");
            });
        }
        return sb.toString();
    }

    static BufferedImage plot(List<Row> rows) {
        int w = 640, h = 420, left = 70, right = 110, top = 48, bottom = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Map<String, Map<Integer, double[]>> s = summary(rows, "rule");
        double lo = s.values().stream().flatMap(m -> m.values().stream()).mapToDouble(v -> v[1]).min().orElse(0);
        double hi = s.values().stream().flatMap(m -> m.values().stream()).mapToDouble(v -> v[2]).max().orElse(1);
        lo = Math.floor(lo * 20) / 20;
        hi = Math.ceil(hi * 20) / 20;
        int[] xs = {4, 8, 16};
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(new Color(0x222222));
        g.drawString("Interpreter mIoU vs the rule (held-out seeds)", left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0x666666));
        g.drawString("demo world, rule annotator as the person; mean over draws, bars: min to max", left, top - 2);
        for (double t = lo; t <= hi + 1e-9; t += 0.05) {
            int y = yOf(t, lo, hi, top, h - bottom);
            g.setColor(new Color(0xE4E4E4));
            g.drawLine(left, y, w - right, y);
            g.setColor(new Color(0x666666));
            g.drawString(String.format(Locale.ROOT, "%.2f", t), left - 40, y + 4);
        }
        for (int k = 0; k < xs.length; k++) {
            int x = left + k * (w - right - left) / (xs.length - 1);
            g.drawString(xs[k] + "", x - 6, h - bottom + 20);
        }
        g.drawString("annotated samples", (left + w - right) / 2 - 50, h - 12);
        Color[] colours = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C)};
        int c = 0;
        for (var e : s.entrySet()) {
            g.setColor(colours[c % colours.length]);
            g.setStroke(new BasicStroke(2.5f));
            int px = -1, py = -1;
            for (int k = 0; k < xs.length; k++) {
                double[] v = e.getValue().get(xs[k]);
                if (v == null) continue;
                int x = left + k * (w - right - left) / (xs.length - 1);
                int y = yOf(v[0], lo, hi, top, h - bottom);
                g.drawLine(x, yOf(v[1], lo, hi, top, h - bottom), x, yOf(v[2], lo, hi, top, h - bottom));
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) g.drawLine(px, py, x, y);
                px = x;
                py = y;
            }
            g.drawString(e.getKey(), w - right + 12, top + 20 + 20 * c);
            c++;
        }
        g.dispose();
        return img;
    }

    private static int yOf(double v, double lo, double hi, int top, int bottom) {
        return (int) Math.round(bottom - (v - lo) / Math.max(hi - lo, 1e-9) * (bottom - top));
    }
}
