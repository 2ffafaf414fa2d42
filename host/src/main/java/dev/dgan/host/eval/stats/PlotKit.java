package dev.dgan.host.eval.stats;

import dev.dgan.api.image.Palette;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.function.DoubleFunction;

/** What the three panels of {@link StatsPlot} share: fonts, colours, titles and axis ticks. */
final class PlotKit {

    static final Color INK = new Color(0x222222);
    static final Color MUTED = new Color(0x666666);
    static final Color GRID = new Color(0xE4E4E4);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private PlotKit() {
    }

    static Color classColour(int id) {
        return new Color(Palette.rgb(id));
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** Title and a grey subtitle at the top of the panel; returns the y where the content may start. */
    static int header(Graphics2D g, Rectangle panel, String title, String subtitle) {
        g.setColor(INK);
        g.setFont(TITLE);
        int y = panel.y + 26;
        g.drawString(title, panel.x + 16, y);
        g.setFont(SMALL);
        g.setColor(MUTED);
        g.drawString(subtitle, panel.x + 16, y + 18);
        return y + 34;
    }

    static void centred(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }

    static void rightAligned(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text), y);
    }

    /** A name cut to fit {@code width} pixels, with an ellipsis when cut. */
    static String fit(Graphics2D g, String text, int width) {
        if (g.getFontMetrics().stringWidth(text) <= width) return text;
        String cut = text;
        while (cut.length() > 1 && g.getFontMetrics().stringWidth(cut + "…") > width) cut = cut.substring(0, cut.length() - 1);
        return cut + "…";
    }

    /** A round tick step (1, 2 or 5 times a power of ten) giving about {@code ticks} ticks up to {@code max}. */
    static double tickStep(double max, int ticks) {
        if (!(max > 0)) return 1;
        double raw = max / ticks;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double unit = raw / power;
        double nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
        return nice * power;
    }

    /** Vertical grid lines with tick labels below {@code bottom}, for a value axis from 0 to {@code max}. */
    static void valueAxis(Graphics2D g, int left, int right, int top, int bottom, double max, double step,
                          DoubleFunction<String> format) {
        g.setFont(SMALL);
        for (double v = 0; v <= max * 1.0001; v += step) {
            int x = left + (int) Math.round((right - left) * v / max);
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1));
            g.drawLine(x, top, x, bottom);
            g.setColor(MUTED);
            centred(g, format.apply(v), x, bottom + 14);
        }
    }

    static void empty(Graphics2D g, Rectangle panel, int top, String message) {
        g.setFont(LABEL);
        g.setColor(MUTED);
        centred(g, message, panel.x + panel.width / 2, (top + panel.y + panel.height) / 2);
    }
}
