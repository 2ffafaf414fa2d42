package dev.dgan.host.eval.report;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.image.Palette;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * A colour key placed in a picture: one swatch and name per class, flowing left to right and
 * wrapping at the given width, so 40 classes take a few lines instead of a very wide one.
 *
 * @param items  what the key shows, each with where its swatch stands
 * @param bottom the y just below the last line
 */
public record ColorLegend(List<Item> items, int bottom) {

    /** One entry: a name, its colour as 0xRRGGBB, and the swatch's place in the picture. */
    public record Item(String name, int rgb, Rectangle swatch) {
    }

    static final float FONT_SIZE = 13f;
    private static final int SWATCH = 14, AFTER_SWATCH = 6, BETWEEN = 18, LINE_GAP = 6;

    public ColorLegend {
        items = List.copyOf(items);
    }

    /** The palette's colour for each class in order, then "void" when {@code withVoid}. */
    static List<Item> entries(List<String> classNames, boolean withVoid) {
        List<Item> items = new ArrayList<>();
        for (int id = 0; id < classNames.size(); id++) items.add(new Item(classNames.get(id), Palette.rgb(id), null));
        if (withVoid) items.add(new Item("void", Palette.rgb(LabelMap.VOID), null));
        return items;
    }

    /** Lays {@code entries} out from ({@code left}, {@code top}), wrapping before {@code left + maxWidth}. */
    static ColorLegend place(List<Item> entries, int left, int top, int maxWidth) {
        FontMetrics m = Drawing.metrics(font());
        int lineHeight = Math.max(SWATCH, m.getHeight()) + LINE_GAP;
        int x = left, y = top;
        List<Item> placed = new ArrayList<>();
        for (Item entry : entries) {
            int width = itemWidth(m, entry);
            if (x > left && x + width > left + maxWidth) {
                x = left;
                y += lineHeight;
            }
            int swatchTop = y + (lineHeight - LINE_GAP - SWATCH) / 2;
            placed.add(new Item(entry.name(), entry.rgb(), new Rectangle(x, swatchTop, SWATCH, SWATCH)));
            x += width + BETWEEN;
        }
        return new ColorLegend(placed, entries.isEmpty() ? top : y + lineHeight - LINE_GAP);
    }

    /** The widest single entry: a legend narrower than this would overflow whatever its wrapping. */
    static int widestItem(List<Item> entries) {
        FontMetrics m = Drawing.metrics(font());
        return entries.stream().mapToInt(e -> itemWidth(m, e)).max().orElse(0);
    }

    void draw(Graphics2D g) {
        g.setFont(font());
        FontMetrics m = g.getFontMetrics();
        for (Item item : items) {
            Rectangle s = item.swatch();
            g.setColor(new Color(item.rgb()));
            g.fillRect(s.x, s.y, s.width, s.height);
            // a frame so white-ish and light grey swatches still read as swatches
            g.setColor(Drawing.FRAME);
            g.drawRect(s.x - 1, s.y - 1, s.width + 1, s.height + 1);
            g.setColor(Drawing.INK);
            int baseline = s.y + (s.height - m.getHeight()) / 2 + m.getAscent();
            g.drawString(label(item), s.x + SWATCH + AFTER_SWATCH, baseline);
        }
    }

    private static int itemWidth(FontMetrics m, Item item) {
        return SWATCH + AFTER_SWATCH + m.stringWidth(label(item));
    }

    private static String label(Item item) {
        return Drawing.clip(item.name(), 32);
    }

    private static Font font() {
        return Drawing.font(FONT_SIZE);
    }
}
