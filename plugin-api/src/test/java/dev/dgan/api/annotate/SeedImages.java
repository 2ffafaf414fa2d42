package dev.dgan.api.annotate;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small PNGs written by ImageIO, the seeds of the fuzz tests that read masks. */
public final class SeedImages {

    private SeedImages() {}

    /** An 8-bit palette PNG whose pixel indices are {@code values} (row-major). */
    public static byte[] indexed(int width, int height, int... values) {
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) ramp[i] = (byte) (255 - i);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, ramp, ramp, ramp));
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        return png(image);
    }

    /** An image of {@code type} (gray, 16-bit gray, RGB ...) with its first sample set to {@code value}. */
    public static byte[] ofType(int type, int width, int height, int value) {
        BufferedImage image = new BufferedImage(width, height, type);
        image.getRaster().setSample(0, 0, 0, value);
        return png(image);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer for " + image);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
