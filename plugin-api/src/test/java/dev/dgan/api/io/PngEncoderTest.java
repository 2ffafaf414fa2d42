package dev.dgan.api.io;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.image.Palette;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What PngEncoder writes, read back by the JDK's own PNG reader. */
class PngEncoderTest {

    /** Smooth gradients with texture: where row filters pay off. */
    private static BufferedImage picture(int type) {
        BufferedImage image = new BufferedImage(96, 80, type);
        SplittableRandom r = new SplittableRandom(3);
        for (int y = 0; y < 80; y++)
            for (int x = 0; x < 96; x++) {
                int v = (x * 2 + y + r.nextInt(6)) & 0xFF;
                image.setRGB(x, y, (200 - y) << 24 | v << 16 | ((x + y) & 0xFF) << 8 | (255 - v));
            }
        return image;
    }

    private static byte[] ours(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder.write(image, out);
        return out.toByteArray();
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++)
            for (int x = 0; x < expected.getWidth(); x++)
                assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), "pixel " + x + "," + y);
    }

    @Test
    void colourGreyAndAlphaReadBackPixelForPixel() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage image = picture(type);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(ours(image)));
            assertSamePixels(image, back);
            assertEquals(image.getColorModel().hasAlpha(), back.getColorModel().hasAlpha(), "type " + type);
        }
    }

    @Test
    void filteredRowsAreMuchSmallerThanTheJdksUnfilteredOnes() throws Exception {
        BufferedImage image = picture(BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        ImageIO.write(image, "png", jdk);
        int size = ours(image).length;
        assertTrue(size < 0.8 * jdk.size(), "filtered " + size + " bytes, JDK " + jdk.size());
    }

    @Test
    void labelMapsKeepTheirPaletteIndices() throws Exception {
        byte[] ids = new byte[12 * 10];
        for (int i = 0; i < ids.length; i++) ids[i] = (byte) (i % 7 == 0 ? 255 : i % 5);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(ours(Palette.indexImage(new LabelMap(12, 10, ids)))));
        byte[] read = new byte[ids.length];
        back.getRaster().getDataElements(0, 0, 12, 10, read);
        org.junit.jupiter.api.Assertions.assertArrayEquals(ids, read);
    }

    @Test
    void eachFilterIsTheSpecsAndPaethBreaksTiesAsSpecified() {
        byte[] row = {10, 20, 30, 40}, above = {5, 5, 50, 50};
        byte[][] out = new byte[5][4];
        PngEncoder.Filters.choose(row, above, 1, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {10, 20, 30, 40}, out[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {10, 10, 10, 10}, out[1]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {5, 15, -20, -10}, out[2]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {8, 13, -5, 0}, out[3]);
        assertEquals(7, PngEncoder.Filters.paeth(7, 7, 7));
        assertEquals(9, PngEncoder.Filters.paeth(3, 9, 2), "p = 10: b is nearest");
    }
}
