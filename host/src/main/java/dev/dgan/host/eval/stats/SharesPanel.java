package dev.dgan.host.eval.stats;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/** Panel 1 of {@link StatsPlot}: each class's share of the labeled pixels, one bar per class. */
final class SharesPanel {

    private SharesPanel() {
    }

    static void draw(Graphics2D g, Rectangle panel, DatasetStats stats) {
        int top = PlotKit.header(g, panel, "Class pixel shares",
                "share of non-void pixels; (n) = images with the class; " + stats.images() + " images");
        List<DatasetStats.ClassStats> classes = stats.classes();
        if (stats.labeledPixels() == 0) {
            PlotKit.empty(g, panel, top, "no labeled pixels");
            return;
        }
        double max = 0;
        for (DatasetStats.ClassStats c : classes) max = Math.max(max, c.share());
        double step = PlotKit.tickStep(max, 4);
        double axisMax = Math.ceil(max / step) * step;
        int bottom = panel.y + panel.height - 34;
        int rowHeight = Math.max(6, Math.min(40, (bottom - top) / classes.size()));
        int nameWidth = 120;
        int left = panel.x + 16 + nameWidth + 8, right = panel.x + panel.width - 80;
        int plotBottom = top + rowHeight * classes.size();
        PlotKit.valueAxis(g, left, right, top, plotBottom, axisMax, step, v -> Math.round(v * 100) + "%");
        g.setFont(rowHeight >= 16 ? PlotKit.LABEL : PlotKit.SMALL);
        int ascent = g.getFontMetrics().getAscent();
        for (int i = 0; i < classes.size(); i++) {
            DatasetStats.ClassStats c = classes.get(i);
            int y = top + i * rowHeight;
            int bar = (int) Math.round((right - left) * c.share() / axisMax);
            int thickness = Math.max(2, Math.min(24, rowHeight * 7 / 10));
            int barY = y + (rowHeight - thickness) / 2;
            g.setColor(PlotKit.classColour(c.id()));
            g.fillRect(left, barY, Math.max(bar, c.pixels() > 0 ? 1 : 0), thickness);
            if (rowHeight < 10) continue; // too crowded for text; the bars still tell
            int textY = y + (rowHeight + ascent) / 2 - 2;
            g.setColor(PlotKit.INK);
            PlotKit.rightAligned(g, PlotKit.fit(g, c.name(), nameWidth), left - 8, textY);
            g.setColor(PlotKit.MUTED);
            g.drawString(String.format("%.1f%% (%d)", 100 * c.share(), c.images()), left + bar + 6, textY);
        }
    }
}
