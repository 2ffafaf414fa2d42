package dev.dgan.api.image;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.io.PngEncoder;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One colour per class id, PASCAL VOC's: the bits of the id are spread over the top bits of
 * red, green and blue, so every id gets a different colour and low ids get strong ones. Void
 * ({@link LabelMap#VOID}) is light grey, a colour no id reaches (blue never has its 0x20 bit).
 */
public final class Palette {

    public static final int VOID_RGB = 0xE0E0E0;
    public static final double DEFAULT_ALPHA = 0.5;

    private static final int[] RGB = new int[256];

    static {
        for (int id = 0; id < 256; id++) {
            int r = 0, g = 0, b = 0;
            int c = id;
            for (int bit = 7; c != 0; bit--, c >>= 3) {
                r |= (c & 1) << bit;
                g |= ((c >> 1) & 1) << bit;
                b |= ((c >> 2) & 1) << bit;
            }
            RGB[id] = (r << 16) | (g << 8) | b;
        }
        RGB[LabelMap.VOID] = VOID_RGB;
    }

    private Palette() {
    }

    /** The colour of class {@code id} (0..255) as 0xRRGGBB. */
    public static int rgb(int id) {
        if (id < 0 || id > 255) throw new IllegalArgumentException("class id must be 0..255, got " + id);
        return RGB[id];
    }

    public static IndexColorModel colorModel() {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (RGB[i] >> 16);
            g[i] = (byte) (RGB[i] >> 8);
            b[i] = (byte) RGB[i];
        }
        return new IndexColorModel(8, 256, r, g, b);
    }

    /** The labels as an indexed image: pixel values are the class ids, shown in the palette's colours. */
    public static BufferedImage indexImage(LabelMap labels) {
        BufferedImage image = new BufferedImage(labels.width(), labels.height(), BufferedImage.TYPE_BYTE_INDEXED, colorModel());
        image.getRaster().setDataElements(0, 0, labels.width(), labels.height(), labels.labels());
        return image;
    }

    /** Writes an 8-bit palette PNG whose raw pixel values are the class ids (255 = void), atomically. */
    public static void writeIndexPng(Path file, LabelMap labels) throws IOException {
        BufferedImage image = indexImage(labels);
        AtomicFiles.write(file, out -> {
            PngEncoder.write(image, out);
        });
    }

    public static BufferedImage overlay(BufferedImage image, LabelMap labels) {
        return overlay(image, labels, DEFAULT_ALPHA);
    }

    /**
     * A preview of labels over their image: each labeled pixel blended toward its class colour
     * by {@code alpha}. Background (class 0) is left as it is so the image stays readable; void
     * is blended in grey to show where nothing was labeled.
     */
    public static BufferedImage overlay(BufferedImage image, LabelMap labels, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("overlay alpha must be in [0, 1], got " + alpha);
        if (image.getWidth() != labels.width() || image.getHeight() != labels.height()) {
            throw new IllegalArgumentException("image is " + image.getWidth() + "x" + image.getHeight() + " but labels are "
                    + labels.width() + "x" + labels.height());
        }
        int w = labels.width(), h = labels.height();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            int id = labels.labels()[i] & 0xFF;
            if (id != 0) pixels[i] = blend(pixels[i], RGB[id], alpha);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        return out;
    }

    private static int blend(int under, int over, double alpha) {
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int a = (under >> shift) & 0xFF, b = (over >> shift) & 0xFF;
            rgb |= (int) Math.round(a + (b - a) * alpha) << shift;
        }
        return rgb;
    }
}
