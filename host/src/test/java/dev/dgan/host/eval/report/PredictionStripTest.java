package dev.dgan.host.eval.report;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.image.Palette;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.dgan.host.eval.report.Fixtures.image;
import static dev.dgan.host.eval.report.Fixtures.rgbAt;
import static dev.dgan.host.eval.report.Fixtures.square;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionStripTest {

    static final List<String> NAMES = List.of("background", "body", "eye", "mouth");

    /** A 32 px sample: truth all body with an eye at (5, 7), prediction all background with a mouth at (20, 3). */
    static PredictionSample sample() {
        return new PredictionSample(image(32, 0x336699), square(32, 1, 5, 7, 2), square(32, 0, 20, 3, 3));
    }

    static List<PredictionSample> samples(int n) {
        return Collections.nCopies(n, sample());
    }

    /** The centre of source pixel (x, y) in a tile blown up by {@code scale}. */
    static int pixel(BufferedImage strip, Rectangle tile, int scale, int x, int y) {
        return rgbAt(strip, tile.x + x * scale + scale / 2, tile.y + y * scale + scale / 2);
    }

    @Test
    void smallImagesAreBlownUpToReadableTiles() {
        StripLayout layout = PredictionStrip.layout(samples(1), NAMES);
        assertEquals(3, layout.scale());
        assertEquals(96, layout.tileWidth());
        assertEquals(1, StripLayout.scaleFor(256, 256));
        assertEquals(2, StripLayout.scaleFor(64, 80));
    }

    @Test
    void tilesCarryTheImageAndThePaletteColourOfEachLabel() {
        BufferedImage strip = PredictionStrip.render(samples(2), NAMES);
        StripLayout layout = PredictionStrip.layout(samples(2), NAMES);
        int scale = layout.scale();
        for (int s = 0; s < 2; s++) {
            Rectangle image = layout.tile(s, StripLayout.Column.IMAGE);
            Rectangle truth = layout.tile(s, StripLayout.Column.TRUTH);
            Rectangle prediction = layout.tile(s, StripLayout.Column.PREDICTION);
            assertEquals(0x336699, pixel(strip, image, scale, 5, 7));
            assertEquals(Palette.rgb(2), pixel(strip, truth, scale, 5, 7), "the eye pixel");
            assertEquals(Palette.rgb(1), pixel(strip, truth, scale, 20, 3));
            assertEquals(Palette.rgb(3), pixel(strip, prediction, scale, 20, 3), "the mouth pixel");
            assertEquals(Palette.rgb(0), pixel(strip, prediction, scale, 5, 7));
            // a blown-up pixel is one flat colour up to its edges
            assertEquals(Palette.rgb(2), rgbAt(strip, truth.x + 5 * scale, truth.y + 7 * scale));
            assertEquals(Palette.rgb(2), rgbAt(strip, truth.x + 6 * scale - 1, truth.y + 8 * scale - 1));
        }
    }

    @Test
    void pictureGrowsWithTheSampleCount() {
        BufferedImage one = PredictionStrip.render(samples(1), NAMES, 1);
        BufferedImage three = PredictionStrip.render(samples(3), NAMES, 1);
        assertEquals(one.getWidth(), three.getWidth());
        assertTrue(three.getHeight() > one.getHeight());
        BufferedImage wide = PredictionStrip.render(samples(3), NAMES, 3);
        assertTrue(wide.getWidth() > three.getWidth());
        assertTrue(wide.getHeight() < three.getHeight());

        StripLayout many = PredictionStrip.layout(samples(16), NAMES);
        assertTrue(many.groupsPerRow() > 1 && many.groupsPerRow() <= 4, "16 samples are laid out as a grid");
        Rectangle last = many.tile(15, StripLayout.Column.PREDICTION);
        assertTrue(last.x + last.width <= many.width() && last.y + last.height <= many.height());
    }

    @Test
    void legendListsEveryClassInItsPaletteColour() {
        BufferedImage strip = PredictionStrip.render(samples(1), NAMES);
        ColorLegend legend = PredictionStrip.layout(samples(1), NAMES).legend();
        assertEquals(NAMES, legend.items().stream().map(ColorLegend.Item::name).toList(), "no void pixel, no void entry");
        for (int id = 0; id < NAMES.size(); id++) {
            Rectangle swatch = legend.items().get(id).swatch();
            assertEquals(Palette.rgb(id), rgbAt(strip, swatch.x + swatch.width / 2, swatch.y + swatch.height / 2));
            assertTrue(swatch.y + swatch.height <= strip.getHeight());
        }
    }

    @Test
    void legendAddsVoidWhenAVoidPixelAppears() {
        PredictionSample withVoid = new PredictionSample(image(32, 0), square(32, 0, 1, 1, LabelMap.VOID),
                square(32, 0, 0, 0, 1));
        ColorLegend legend = PredictionStrip.layout(List.of(sample(), withVoid), NAMES).legend();
        ColorLegend.Item last = legend.items().getLast();
        assertEquals("void", last.name());
        assertEquals(Palette.VOID_RGB, last.rgb());
        assertEquals(NAMES.size() + 1, legend.items().size());
    }

    @Test
    void manyClassesWrapTheLegendInsideThePicture() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) names.add("part number " + i);
        StripLayout layout = PredictionStrip.layout(samples(1), names);
        assertEquals(40, layout.legend().items().size());
        for (ColorLegend.Item item : layout.legend().items())
            assertTrue(item.swatch().x + item.swatch().width < layout.width(), item.name() + " is inside the picture");
        assertTrue(layout.legend().items().getLast().swatch().y > layout.legend().items().getFirst().swatch().y);
    }

    @Test
    void accuracyCaptionCountsOnlyPixelsLabeledOnBothSides() {
        PredictionSample sample = new PredictionSample(image(2, 0), Fixtures.map(2, 2, 0, LabelMap.VOID, 1, 1),
                Fixtures.map(2, 2, 0, 1, 1, 0));
        assertEquals(2 / 3.0, sample.accuracy(), 1e-12);
        PredictionSample none = new PredictionSample(image(1, 0), Fixtures.map(1, 1, LabelMap.VOID), Fixtures.map(1, 1, 0));
        assertTrue(Double.isNaN(none.accuracy()));
        PredictionStrip.render(List.of(none), NAMES); // no division by zero
    }

    @Test
    void rejectsWhatItCannotShow() {
        assertThrows(IllegalArgumentException.class, () -> PredictionStrip.render(List.of(), NAMES));
        assertThrows(IllegalArgumentException.class, () -> PredictionStrip.render(samples(1), List.of("a", "b")),
                "label 3 has no name");
        assertThrows(IllegalArgumentException.class, () -> new PredictionSample(image(16, 0), square(32, 0, 0, 0, 0),
                square(32, 0, 0, 0, 0)));
        PredictionSample small = new PredictionSample(image(16, 0), square(16, 0, 0, 0, 0), square(16, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PredictionStrip.render(List.of(sample(), small), NAMES));
    }

    @Test
    void writesAReadablePng(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("strip.png");
        PredictionStrip.write(file, samples(2), NAMES);
        BufferedImage read = ImageIO.read(file.toFile());
        StripLayout layout = PredictionStrip.layout(samples(2), NAMES);
        assertEquals(layout.width(), read.getWidth());
        assertEquals(Palette.rgb(2), pixel(read, layout.tile(1, StripLayout.Column.TRUTH), layout.scale(), 5, 7));
    }
}
