package dev.dgan.host.demo;

import dev.dgan.api.image.Palette;
import dev.dgan.host.io.ImageFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A contact sheet of labeled pairs: each tile is a sample's images side by side (for example
 * the image and its colour label map) with its caption (the seed) underneath, tiles laid out
 * {@code columns} wide, all scaled up by an integer factor, and a legend of the classes' colours
 * at the bottom. Text needs a font; on a machine without any the sheet is drawn without text.
 */
public final class OverlayGrid {

    /** One sample: its pictures left to right, and the line under them. */
    public record Tile(List<Path> parts, String caption) {}

    private static final int GAP = 2;
    private static final int TEXT_LINE = 14;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private OverlayGrid() {}

    /** {@code classes}: the names of the label ids the legend shows, id = position. */
    public static void write(Path file, List<Tile> tiles, int columns, int scale, List<String> classes) throws IOException {
        if (tiles.isEmpty()) return;
        BufferedImage first = ImageIO.read(tiles.get(0).parts().get(0).toFile());
        int parts = tiles.get(0).parts().size();
        int w = first.getWidth() * scale, h = first.getHeight() * scale, cellH = h + TEXT_LINE;
        int tileW = parts * w + (parts - 1), cols = Math.min(columns, tiles.size()), rows = (tiles.size() + cols - 1) / cols;
        int width = cols * (tileW + 3 * GAP) - 3 * GAP, legendH = classes.isEmpty() ? 0 : TEXT_LINE + 2 * GAP;
        BufferedImage grid = new BufferedImage(width, rows * (cellH + GAP) - GAP + legendH, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < tiles.size(); i++) {
            int ox = (i % cols) * (tileW + 3 * GAP), oy = (i / cols) * (cellH + GAP);
            for (int p = 0; p < parts; p++) {
                BufferedImage img = ImageIO.read(tiles.get(i).parts().get(p).toFile());
                int px = ox + p * (w + 1);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) grid.setRGB(px + x, oy + y, img.getRGB(x / scale, y / scale));
            }
        }
        try {
            drawText(grid, tiles, cols, tileW, cellH, h, classes);
        } catch (Error | RuntimeException e) {
            // headless JDKs without fonts fail inside font loading; the pictures are still worth having
        }
        ImageFiles.writePng(file, grid);
    }

    private static void drawText(BufferedImage grid, List<Tile> tiles, int cols, int tileW, int cellH, int h, List<String> classes) {
        Graphics2D g = grid.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            FontMetrics m = g.getFontMetrics();
            g.setColor(Color.WHITE);
            for (int i = 0; i < tiles.size(); i++) {
                int ox = (i % cols) * (tileW + 3 * GAP), oy = (i / cols) * (cellH + GAP);
                g.drawString(tiles.get(i).caption(), ox + 1, oy + h + m.getAscent());
            }
            int x = 1, y = grid.getHeight() - GAP - TEXT_LINE;
            for (int id = 0; id < classes.size(); id++) {
                g.setColor(new Color(Palette.rgb(id)));
                g.fillRect(x, y + 2, TEXT_LINE - 4, TEXT_LINE - 4);
                g.setColor(Color.WHITE); // the outline shows swatches as dark as the sheet
                g.drawRect(x, y + 2, TEXT_LINE - 5, TEXT_LINE - 5);
                g.drawString(classes.get(id), x + TEXT_LINE, y + m.getAscent());
                x += TEXT_LINE + m.stringWidth(classes.get(id)) + 3 * GAP;
            }
        } finally {
            g.dispose();
        }
    }
}
