package dev.dgan.api.image;

import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaletteTest {

    @Test
    void coloursArePascalVocsAndAllDistinct() {
        assertEquals(0x000000, Palette.rgb(0));
        assertEquals(0x800000, Palette.rgb(1));
        assertEquals(0x008000, Palette.rgb(2));
        assertEquals(0x808000, Palette.rgb(3));
        assertEquals(0x000080, Palette.rgb(4));
        assertEquals(0x400000, Palette.rgb(8));
        assertEquals(0xC08080, Palette.rgb(15)); // VOC's "person"
        assertEquals(Palette.VOID_RGB, Palette.rgb(255));
        Set<Integer> colours = new HashSet<>();
        for (int id = 0; id < 256; id++) colours.add(Palette.rgb(id));
        assertEquals(256, colours.size());
        assertThrows(IllegalArgumentException.class, () -> Palette.rgb(256));
    }

    @Test
    void indexPngKeepsTheRawClassIds(@TempDir Path dir) throws Exception {
        byte[] ids = {0, 1, 2, 17, (byte) 254, (byte) 255};
        Path file = dir.resolve("labels.png");
        Palette.writeIndexPng(file, new LabelMap(3, 2, ids));

        byte[] png = Files.readAllBytes(file);
        assertEquals(8, png[24], "bit depth");
        assertEquals(3, png[25], "colour type: indexed");
        BufferedImage read = ImageIO.read(file.toFile());
        IndexColorModel palette = assertInstanceOf(IndexColorModel.class, read.getColorModel());
        int[] raw = read.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i] & 0xFF, raw[i], "pixel " + i);
            assertEquals(Palette.rgb(raw[i]), palette.getRGB(raw[i]) & 0xFFFFFF, "colour of " + raw[i]);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files left");
        }
    }

    @Test
    void overlayBlendsLabeledPixelsAndLeavesBackground() {
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) image.setRGB(x, 0, 0x204060);
        LabelMap labels = new LabelMap(4, 1, new byte[] {0, 1, 2, (byte) 255});
        BufferedImage half = Palette.overlay(image, labels);
        assertEquals(0x204060, half.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x502030, half.getRGB(1, 0) & 0xFFFFFF); // halfway to 0x800000
        assertEquals(0x106030, half.getRGB(2, 0) & 0xFFFFFF); // halfway to 0x008000
        assertEquals(0x8090A0, half.getRGB(3, 0) & 0xFFFFFF); // halfway to 0xE0E0E0
        BufferedImage full = Palette.overlay(image, labels, 1.0);
        assertArrayEquals(new int[] {0x204060, 0x800000, 0x008000, 0xE0E0E0},
                java.util.Arrays.stream(full.getRGB(0, 0, 4, 1, null, 0, 4)).map(p -> p & 0xFFFFFF).toArray());
        assertEquals(0x204060, image.getRGB(1, 0) & 0xFFFFFF, "the input is not changed");
        assertThrows(IllegalArgumentException.class, () -> Palette.overlay(image, labels, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Palette.overlay(image, new LabelMap(2, 2, new byte[4])));
    }
}
