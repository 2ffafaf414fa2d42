package dev.dgan.host.eval.report;

import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static dev.dgan.host.eval.report.Fixtures.names;
import static dev.dgan.host.eval.report.Fixtures.rgbAt;
import static dev.dgan.host.eval.report.Fixtures.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionHeatMapTest {

    static final int WHITE = 0xFFFFFF;
    static final int FULL = HeatColors.FULL.getRGB() & 0xFFFFFF;

    /** A point inside the cell, away from the centred text and from the grid lines on its edges. */
    static int corner(BufferedImage image, Rectangle cell) {
        return rgbAt(image, cell.x + 2, cell.y + 2);
    }

    static SegmentationScores diagonal(int n) {
        long[][] counts = new long[n][n];
        for (int c = 0; c < n; c++) counts[c][c] = c + 1;
        return scores(counts);
    }

    @Test
    void pictureGrowsWithTheClassCount() {
        int lastWidth = 0, lastHeight = 0;
        for (int n : new int[] {2, 5, 12, 40}) {
            BufferedImage image = ConfusionHeatMap.render(diagonal(n), names(n));
            HeatMapLayout layout = ConfusionHeatMap.layout(diagonal(n), names(n));
            assertEquals(layout.width(), image.getWidth());
            assertEquals(layout.height(), image.getHeight());
            assertTrue(image.getWidth() > lastWidth && image.getHeight() > lastHeight, n + " classes: " + image.getWidth()
                    + "x" + image.getHeight() + " is not larger than " + lastWidth + "x" + lastHeight);
            lastWidth = image.getWidth();
            lastHeight = image.getHeight();
        }
    }

    @Test
    void cellsShrinkForManyClassesButStayReadable() {
        assertTrue(HeatMapLayout.cellSize(2) > HeatMapLayout.cellSize(40));
        assertTrue(HeatMapLayout.cellSize(40) >= 20);
        HeatMapLayout layout = ConfusionHeatMap.layout(diagonal(40), names(40));
        assertTrue(layout.grid().width <= 900, "40 classes fit a screen: grid " + layout.grid().width + " px");
    }

    @Test
    void fullDiagonalIsDarkestAndEmptyCellIsWhite() {
        SegmentationScores scores = diagonal(3);
        BufferedImage image = ConfusionHeatMap.render(scores, names(3));
        HeatMapLayout layout = ConfusionHeatMap.layout(scores, names(3));
        for (int c = 0; c < 3; c++) {
            assertEquals(FULL, corner(image, layout.cell(c, c)), "diagonal cell " + c);
            Rectangle empty = layout.cell(c, (c + 1) % 3);
            assertEquals(WHITE, rgbAt(image, empty.x + empty.width / 2, empty.y + empty.height / 2), "empty cell centre");
            assertEquals(WHITE, corner(image, empty));
        }
    }

    @Test
    void cellIsShadedByItsShareOfTheRowNotByItsCount() {
        // row 0: 900 of 1000 right; row 1: 1 of 4 right. Shaded by row share, the rare class's
        // 3 missed pixels (75 %) show darker than the common class's 100 (10 %).
        SegmentationScores scores = scores(new long[][] {{900, 100}, {3, 1}});
        BufferedImage image = ConfusionHeatMap.render(scores, names(2));
        HeatMapLayout layout = ConfusionHeatMap.layout(scores, names(2));
        assertEquals(HeatColors.of(0.9).getRGB() & 0xFFFFFF, corner(image, layout.cell(0, 0)));
        assertEquals(HeatColors.of(0.1).getRGB() & 0xFFFFFF, corner(image, layout.cell(0, 1)));
        assertEquals(HeatColors.of(0.75).getRGB() & 0xFFFFFF, corner(image, layout.cell(1, 0)));
        assertEquals(HeatColors.of(0.25).getRGB() & 0xFFFFFF, corner(image, layout.cell(1, 1)));
        assertTrue(luma(corner(image, layout.cell(1, 0))) < luma(corner(image, layout.cell(0, 1))));
    }

    @Test
    void colourRampRunsFromWhiteToDarkBlue() {
        assertEquals(Color.WHITE, HeatColors.of(0));
        assertEquals(HeatColors.FULL, HeatColors.of(1));
        assertEquals(Color.WHITE, HeatColors.of(Double.NaN));
        double last = 256;
        for (int i = 0; i <= 20; i++) {
            double luma = luma(HeatColors.of(i / 20.0).getRGB());
            assertTrue(luma < last, "darker with every step, at " + i / 20.0);
            last = luma;
        }
        Color full = HeatColors.FULL;
        assertTrue(full.getBlue() > full.getRed() && full.getBlue() > full.getGreen(), "blue");
    }

    @Test
    void cellTextIsPrintedInAContrastingColour() {
        SegmentationScores scores = diagonal(2);
        BufferedImage image = ConfusionHeatMap.render(scores, names(2));
        Rectangle cell = ConfusionHeatMap.layout(scores, names(2)).cell(0, 0);
        boolean light = false;
        for (int y = cell.y + 2; y < cell.y + cell.height - 2; y++)
            for (int x = cell.x + 2; x < cell.x + cell.width - 2; x++)
                light |= luma(image.getRGB(x, y)) > 200;
        assertTrue(light, "light text on the dark diagonal");
        assertEquals(Color.WHITE, Drawing.textOn(HeatColors.FULL));
        assertNotEquals(Color.WHITE, Drawing.textOn(HeatColors.EMPTY));
    }

    @Test
    void allEmptyMatrixAndNaNIouRenderAsNoData() {
        SegmentationScores empty = new ConfusionMatrix(4).scores();
        assertTrue(Double.isNaN(empty.meanIou()) && Double.isNaN(empty.iou(0)));
        BufferedImage image = ConfusionHeatMap.render(empty, names(4));
        HeatMapLayout layout = ConfusionHeatMap.layout(empty, names(4));
        for (int t = 0; t < 4; t++)
            for (int p = 0; p < 4; p++) {
                Rectangle cell = layout.cell(t, p);
                assertEquals(WHITE, rgbAt(image, cell.x + cell.width / 2, cell.y + cell.height / 2));
            }
        assertTrue(ConfusionHeatMap.title(empty).contains("mIoU n/a"), ConfusionHeatMap.title(empty));
        assertEquals("n/a", Numbers.percent(Double.NaN, 1));
    }

    @Test
    void emptyRowBesideFullOnesStaysWhite() {
        // class 1 never occurs in the truth but is predicted once: its row has no pixels to share
        SegmentationScores scores = scores(new long[][] {{5, 1, 0}, {0, 0, 0}, {0, 0, 4}});
        BufferedImage image = ConfusionHeatMap.render(scores, names(3));
        HeatMapLayout layout = ConfusionHeatMap.layout(scores, names(3));
        for (int p = 0; p < 3; p++) assertEquals(WHITE, corner(image, layout.cell(1, p)));
        assertEquals(FULL, corner(image, layout.cell(2, 2)));
    }

    @Test
    void cellPercentNeverRoundsToPerfectOrToNothing() {
        assertEquals("100", Numbers.cellPercent(5, 5, 0, false));
        assertEquals("99", Numbers.cellPercent(999, 1000, 0, false));
        assertEquals("<1%", Numbers.cellPercent(1, 1000, 0, true));
        assertEquals("99.9%", Numbers.cellPercent(9999, 10000, 1, true));
        assertEquals("<0.1%", Numbers.cellPercent(1, 100000, 1, true));
        assertEquals("33.3%", Numbers.cellPercent(1, 3, 1, true));
        assertEquals("1.2k", Numbers.compact(1234));
        assertEquals("1.0M", Numbers.compact(999_999));
    }

    @Test
    void namesMustMatchTheClasses() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionHeatMap.render(diagonal(3), names(2)));
    }

    @Test
    void writesAReadablePng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("confusion.png");
        List<String> names = List.of("background", "body", "eye");
        ConfusionHeatMap.write(file, diagonal(3), names);
        BufferedImage read = ImageIO.read(file.toFile());
        HeatMapLayout layout = ConfusionHeatMap.layout(diagonal(3), names);
        assertEquals(layout.width(), read.getWidth());
        assertEquals(FULL, corner(read, layout.cell(1, 1)));
    }

    static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}
