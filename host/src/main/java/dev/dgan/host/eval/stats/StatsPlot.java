package dev.dgan.host.eval.stats;

import dev.dgan.api.image.Palette;
import dev.dgan.host.io.ImageFiles;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One picture of {@link DatasetStats}: class pixel shares, object centres and shape complexity
 * side by side, in the class colours of {@link dev.dgan.api.image.Palette} so they match
 * the dataset's label previews. Drawn into a BufferedImage only, so it needs no display and
 * works headless.
 */
public final class StatsPlot {

    public static final int PANEL_WIDTH = 600;
    public static final int HEIGHT = 520;

    private StatsPlot() {
    }

    public static BufferedImage render(DatasetStats stats) {
        BufferedImage image = new BufferedImage(3 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            SharesPanel.draw(g, new Rectangle(0, 0, PANEL_WIDTH, HEIGHT), stats);
            CentresPanel.draw(g, new Rectangle(PANEL_WIDTH, 0, PANEL_WIDTH, HEIGHT), stats);
            ComplexityPanel.draw(g, new Rectangle(2 * PANEL_WIDTH, 0, PANEL_WIDTH, HEIGHT), stats);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static void write(DatasetStats stats, Path file) throws IOException {
        ImageFiles.writePng(file, render(stats));
    }
}
