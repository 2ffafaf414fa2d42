package dev.dgan.host.eval.stats;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Panel 2 of {@link StatsPlot}: object centres in the unit square, y down as in the images, one
 * colour per class, with each class's mean centre marked by a cross.
 */
final class CentresPanel {

    private CentresPanel() {
    }

    static void draw(Graphics2D g, Rectangle panel, DatasetStats stats) {
        int top = PlotKit.header(g, panel, "Object centres",
                "centroid of the largest region per image, as a fraction of the image size");
        List<DatasetStats.ClassStats> shown = new ArrayList<>();
        for (DatasetStats.ClassStats c : stats.classes()) if (c.centres() != null) shown.add(c);
        int legendWidth = 150;
        int side = Math.min(panel.width - legendWidth - 60, panel.y + panel.height - 40 - top);
        int left = panel.x + 44, right = left + side, bottom = top + side;
        g.setFont(PlotKit.SMALL);
        for (int i = 0; i <= 4; i++) {
            int x = left + side * i / 4, y = top + side * i / 4;
            g.setColor(PlotKit.GRID);
            g.drawLine(x, top, x, bottom);
            g.drawLine(left, y, right, y);
            g.setColor(PlotKit.MUTED);
            String tick = i == 0 ? "0" : i == 4 ? "1" : String.valueOf(i / 4.0);
            PlotKit.centred(g, tick, x, bottom + 14);
            PlotKit.rightAligned(g, tick, left - 5, y + 4);
        }
        PlotKit.centred(g, "x", (left + right) / 2, bottom + 28);
        PlotKit.rightAligned(g, "y", left - 26, (top + bottom) / 2 + 4);
        g.setColor(PlotKit.MUTED);
        g.drawRect(left, top, side, side);
        if (shown.isEmpty()) {
            PlotKit.empty(g, panel, top, "no objects");
            return;
        }
        double radius = 3.5;
        for (DatasetStats.ClassStats c : shown) {
            g.setColor(PlotKit.withAlpha(PlotKit.classColour(c.id()), 160));
            for (DatasetStats.Point p : c.centres().points()) {
                double x = left + p.x() * side, y = top + p.y() * side;
                g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
            }
        }
        for (DatasetStats.ClassStats c : shown) {
            int x = left + (int) Math.round(c.centres().meanX() * side), y = top + (int) Math.round(c.centres().meanY() * side);
            cross(g, x, y, Color.WHITE, 5f);
            cross(g, x, y, PlotKit.classColour(c.id()), 2.5f);
        }
        legend(g, shown, right + 16, top, panel.y + panel.height - 10);
    }

    private static void cross(Graphics2D g, int x, int y, Color colour, float width) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(x - 7, y - 7, x + 7, y + 7);
        g.drawLine(x - 7, y + 7, x + 7, y - 7);
        g.setStroke(new BasicStroke(1));
    }

    private static void legend(Graphics2D g, List<DatasetStats.ClassStats> shown, int x, int top, int bottom) {
        // rows shrink with the number of classes so that the legend ends above the panel's foot
        int row = Math.max(8, Math.min(22, (bottom - top - 20) / Math.max(1, shown.size())));
        g.setFont(row >= 16 ? PlotKit.LABEL : PlotKit.SMALL);
        for (int i = 0; i < shown.size(); i++) {
            DatasetStats.ClassStats c = shown.get(i);
            int y = top + 4 + i * row;
            g.setColor(PlotKit.classColour(c.id()));
            int dot = Math.min(11, row - 2);
            g.fillOval(x, y, dot, dot);
            g.setColor(PlotKit.INK);
            g.drawString(PlotKit.fit(g, c.name(), 90) + " (" + c.centres().count() + ")", x + 17, y + dot);
        }
        g.setFont(PlotKit.SMALL);
        g.setColor(PlotKit.MUTED);
        g.drawString("× = mean centre", x, top + 4 + shown.size() * row + 14);
    }
}
