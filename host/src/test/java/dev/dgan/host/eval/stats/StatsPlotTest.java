package dev.dgan.host.eval.stats;

import dev.dgan.api.image.Palette;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsPlotTest {

    static boolean contains(BufferedImage image, int x0, int x1, int rgb) {
        for (int y = 0; y < image.getHeight(); y++)
            for (int x = x0; x < x1; x++) if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) return true;
        return false;
    }

    @Test
    void threePanelsInTheClassColours(@TempDir Path dir) throws Exception {
        DatasetStatsBuilder builder = new DatasetStatsBuilder(List.of("background", "body", "eye", "tail"));
        for (int i = 0; i < 6; i++) {
            builder.add(Shapes.labels("..........", ".1111.....", ".1111..22.", ".1111..22.", "........v."));
        }
        DatasetStats stats = builder.build();
        BufferedImage image = StatsPlot.render(stats);
        assertEquals(3 * StatsPlot.PANEL_WIDTH, image.getWidth());
        assertEquals(StatsPlot.HEIGHT, image.getHeight());
        int w = StatsPlot.PANEL_WIDTH;
        // bars in the first panel and boxes in the third are drawn in the palette's solid colours
        assertTrue(contains(image, 0, w, Palette.rgb(1)), "body bar");
        assertTrue(contains(image, 0, w, Palette.rgb(2)), "eye bar");
        assertTrue(contains(image, 0, w, Palette.rgb(0)), "background bar");
        assertTrue(!contains(image, 0, w, Palette.rgb(3)), "tail has no pixels, so no bar");
        // the centre panel draws translucent dots: look for a reddish pixel of class 1's hue
        boolean reddish = false;
        for (int y = 0; y < image.getHeight() && !reddish; y++) {
            for (int x = w; x < 2 * w && !reddish; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                reddish = r > 150 && g < 110 && b < 110;
            }
        }
        assertTrue(reddish, "body centres");
        Path file = dir.resolve("stats.png");
        StatsPlot.write(stats, file);
        assertEquals(image.getWidth(), ImageIO.read(file.toFile()).getWidth());
    }

    @Test
    void emptyStatisticsStillRender() {
        BufferedImage image = StatsPlot.render(new DatasetStatsBuilder(List.of("background", "thing")).build());
        assertEquals(3 * StatsPlot.PANEL_WIDTH, image.getWidth());
    }
}
