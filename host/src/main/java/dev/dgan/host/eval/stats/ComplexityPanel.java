package dev.dgan.host.eval.stats;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * Panel 3 of {@link StatsPlot}: points per simplified outline, one box per object class (box
 * from the first to the third quartile, a bar at the median, whiskers to min and max, a dot at
 * the mean). Boxes rather than overlaid histograms so that many classes stay readable.
 */
final class ComplexityPanel {

    private ComplexityPanel() {
    }

    static void draw(Graphics2D g, Rectangle panel, DatasetStats stats) {
        int top = PlotKit.header(g, panel, "Shape complexity",
                String.format("points per outline after Douglas-Peucker, eps %s of the %s", stats.options().epsilon(),
                        stats.options().contourScale() == ContourScale.OBJECT ? "object's box" : "image"));
        List<DatasetStats.ClassStats> shown = new ArrayList<>();
        for (DatasetStats.ClassStats c : stats.classes()) if (c.complexity() != null) shown.add(c);
        if (shown.isEmpty()) {
            PlotKit.empty(g, panel, top, "no objects");
            return;
        }
        int max = 0;
        for (DatasetStats.ClassStats c : shown) max = Math.max(max, c.complexity().max());
        double step = PlotKit.tickStep(max, 5);
        double axisMax = Math.max(step, Math.ceil(max / step) * step);
        int nameWidth = 120;
        int left = panel.x + 16 + nameWidth + 8, right = panel.x + panel.width - 70;
        int bottom = panel.y + panel.height - 48;
        int rowHeight = Math.max(8, Math.min(56, (bottom - top) / shown.size()));
        int plotBottom = top + rowHeight * shown.size();
        PlotKit.valueAxis(g, left, right, top, plotBottom, axisMax, step, v -> String.valueOf(Math.round(v)));
        g.setColor(PlotKit.MUTED);
        PlotKit.centred(g, "points", (left + right) / 2, plotBottom + 30);
        for (int i = 0; i < shown.size(); i++) {
            DatasetStats.ClassStats c = shown.get(i);
            DatasetStats.Complexity k = c.complexity();
            int mid = top + i * rowHeight + rowHeight / 2;
            int half = Math.max(2, Math.min(13, rowHeight * 3 / 10));
            int xMin = at(k.min(), left, right, axisMax), xMax = at(k.max(), left, right, axisMax);
            int xQ1 = at(k.q1(), left, right, axisMax), xQ3 = at(k.q3(), left, right, axisMax);
            int xMedian = at(k.median(), left, right, axisMax), xMean = at(k.mean(), left, right, axisMax);
            g.setColor(PlotKit.INK);
            g.setStroke(new BasicStroke(1.2f));
            g.drawLine(xMin, mid, xQ1, mid);
            g.drawLine(xQ3, mid, xMax, mid);
            g.drawLine(xMin, mid - half / 2, xMin, mid + half / 2);
            g.drawLine(xMax, mid - half / 2, xMax, mid + half / 2);
            g.setColor(PlotKit.withAlpha(PlotKit.classColour(c.id()), 170));
            g.fillRect(xQ1, mid - half, Math.max(1, xQ3 - xQ1), 2 * half);
            g.setColor(PlotKit.INK);
            g.drawRect(xQ1, mid - half, Math.max(1, xQ3 - xQ1), 2 * half);
            g.setStroke(new BasicStroke(3f));
            g.drawLine(xMedian, mid - half, xMedian, mid + half);
            g.setStroke(new BasicStroke(1));
            g.fillOval(xMean - 3, mid - 3, 7, 7);
            if (rowHeight < 12) continue;
            g.setFont(rowHeight >= 16 ? PlotKit.LABEL : PlotKit.SMALL);
            int textY = mid + g.getFontMetrics().getAscent() / 2 - 1;
            PlotKit.rightAligned(g, PlotKit.fit(g, c.name(), nameWidth), left - 8, textY);
            g.setColor(PlotKit.MUTED);
            g.drawString(String.format("%s (%d)", trim(k.median()), k.count()), xMax + 8, textY);
        }
        g.setFont(PlotKit.SMALL);
        g.setColor(PlotKit.MUTED);
        PlotKit.centred(g, "box: quartiles, bar: median, dot: mean, whiskers: min to max; right: median (images)",
                panel.x + panel.width / 2, plotBottom + 48);
    }

    private static int at(double value, int left, int right, double max) {
        return left + (int) Math.round((right - left) * value / max);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
    }
}
