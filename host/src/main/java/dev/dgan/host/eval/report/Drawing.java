package dev.dgan.host.eval.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The drawing conventions the report pictures share: white RGB canvases, one logical sans-serif
 * font, antialiased text. A logical font always resolves to some installed face, also headless,
 * so nothing depends on which fonts a machine happens to have.
 */
final class Drawing {

    static final Color INK = new Color(0x202020);
    static final Color FAINT_INK = new Color(0x707070);
    static final Color FRAME = new Color(0xB0B0B0);

    /** Measuring text needs a graphics context before the picture's size is known. */
    private static final BufferedImage SCRATCH = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    private Drawing() {
    }

    static Font font(float size) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont(size);
    }

    static Font bold(float size) {
        return new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont(size);
    }

    static FontMetrics metrics(Font font) {
        Graphics2D g = SCRATCH.createGraphics();
        try {
            hints(g);
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    static int width(Font font, String text) {
        return metrics(font).stringWidth(text);
    }

    /** An opaque white RGB canvas. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        hints(g);
        return g;
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** Draws {@code text} centred in {@code box}, both ways. */
    static void centred(Graphics2D g, String text, Rectangle box) {
        FontMetrics m = g.getFontMetrics();
        int x = box.x + (box.width - m.stringWidth(text)) / 2;
        int y = box.y + (box.height - m.getHeight()) / 2 + m.getAscent();
        g.drawString(text, x, y);
    }

    /** Draws {@code text} right-aligned against {@code right}, vertically centred in [top, top + height). */
    static void rightAligned(Graphics2D g, String text, int right, int top, int height) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, right - m.stringWidth(text), top + (height - m.getHeight()) / 2 + m.getAscent());
    }

    /**
     * Draws {@code text} turned a quarter left (read bottom to top), its baseline's start at
     * ({@code x}, {@code bottom}): how narrow columns carry names wider than themselves.
     */
    static void upward(Graphics2D g, String text, int x, int bottom) {
        Graphics2D turned = (Graphics2D) g.create();
        try {
            turned.translate(x, bottom);
            turned.rotate(-Math.PI / 2);
            turned.drawString(text, 0, 0);
        } finally {
            turned.dispose();
        }
    }

    /** Dark ink on light colours, white on dark ones, by perceived (Rec. 601) luminance. */
    static Color textOn(Color background) {
        double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luma < 140 ? Color.WHITE : INK;
    }

    /** Shortens a name that would otherwise dominate the picture's width. */
    static String clip(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars - 1) + "\u2026";
    }
}
