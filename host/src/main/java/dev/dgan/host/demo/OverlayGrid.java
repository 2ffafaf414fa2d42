package dev.dgan.host.demo;

import dev.dgan.host.io.ImageFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A contact sheet of labeled pairs: each tile is a sample's images side by side (for example
 * the image and its colour label map), tiles laid out {@code columns} wide, all scaled up by
 * an integer factor.
 */
public final class OverlayGrid {

    private static final int GAP = 2;

    private OverlayGrid() {}

    public static void write(Path file, List<List<Path>> tiles, int columns, int scale) throws IOException {
        if (tiles.isEmpty()) return;
        BufferedImage first = ImageIO.read(tiles.get(0).get(0).toFile());
        int parts = tiles.get(0).size();
        int w = first.getWidth() * scale, h = first.getHeight() * scale;
        int tileW = parts * w + (parts - 1), cols = Math.min(columns, tiles.size()), rows = (tiles.size() + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * (tileW + 3 * GAP) - 3 * GAP, rows * (h + GAP) - GAP, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < tiles.size(); i++) {
            int ox = (i % cols) * (tileW + 3 * GAP), oy = (i / cols) * (h + GAP);
            for (int p = 0; p < parts; p++) {
                BufferedImage img = ImageIO.read(tiles.get(i).get(p).toFile());
                int px = ox + p * (w + 1);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) grid.setRGB(px + x, oy + y, img.getRGB(x / scale, y / scale));
            }
        }
        ImageFiles.writePng(file, grid);
    }
}
