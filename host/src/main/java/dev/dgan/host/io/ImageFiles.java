package dev.dgan.host.io;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Turns generator output into 8-bit images and PNG files. */
public final class ImageFiles {

    private ImageFiles() {
    }

    /**
     * One sample of a [N, C, H, W] float image in roughly [-1, 1], mapped to 8 bits as the
     * reference tools do: {@code clamp(x * 127.5 + 128, 0, 255)} truncated toward zero.
     * C is 3 (RGB) or 1 (grey).
     */
    public static BufferedImage toImage(float[] batch, long[] shape, int sample) {
        if (shape.length != 4) throw new IllegalArgumentException("image tensor must be [N, C, H, W], got rank " + shape.length);
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        if (c != 1 && c != 3) throw new IllegalArgumentException("image must have 1 or 3 channels, got " + c);
        int plane = h * w;
        int base = sample * c * plane;
        BufferedImage img = new BufferedImage(w, h, c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = base + y * w + x;
                if (c == 3) {
                    int r = toByte(batch[i]);
                    int g = toByte(batch[i + plane]);
                    int b = toByte(batch[i + 2 * plane]);
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    img.getRaster().setSample(x, y, 0, toByte(batch[i]));
                }
            }
        }
        return img;
    }

    static int toByte(float v) {
        float scaled = v * 127.5f + 128f;
        if (!(scaled > 0f)) return 0;
        if (scaled >= 255f) return 255;
        return (int) scaled;
    }

    public static void writePng(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
