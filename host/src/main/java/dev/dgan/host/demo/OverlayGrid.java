package dev.dgan.host.demo;

import dev.dgan.host.io.ImageFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A contact sheet: the first images of a list, {@code columns} wide, each scaled up by an integer factor. */
public final class OverlayGrid {

    private OverlayGrid() {}

    public static void write(Path file, List<Path> images, int columns, int scale) throws IOException {
        int n = Math.min(images.size(), columns * columns);
        if (n == 0) return;
        BufferedImage first = ImageIO.read(images.get(0).toFile());
        int w = first.getWidth() * scale, h = first.getHeight() * scale, gap = 2;
        int cols = Math.min(columns, n), rows = (n + cols - 1) / cols;
        BufferedImage grid = new BufferedImage(cols * (w + gap) - gap, rows * (h + gap) - gap, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            BufferedImage img = ImageIO.read(images.get(i).toFile());
            int ox = (i % cols) * (w + gap), oy = (i / cols) * (h + gap);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) grid.setRGB(ox + x, oy + y, img.getRGB(x / scale, y / scale));
        }
        ImageFiles.writePng(file, grid);
    }
}
