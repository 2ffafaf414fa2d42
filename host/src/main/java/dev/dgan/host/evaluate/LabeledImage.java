package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;

import java.awt.image.BufferedImage;

/**
 * One image with its per-pixel labels: {@code rgb} interleaved 8-bit RGB, row-major;
 * {@code labels} the same size, 255 = void.
 */
public record LabeledImage(String name, byte[] rgb, LabelMap labels) {

    public LabeledImage {
        if (rgb.length != 3L * labels.width() * labels.height())
            throw new IllegalArgumentException(name + ": " + rgb.length + " RGB bytes for a " + labels.width() + "x" + labels.height() + " label map");
    }

    public int width() {
        return labels.width();
    }

    public int height() {
        return labels.height();
    }

    /** The largest class id in the labels, void excluded; 0 when every pixel is void. */
    public int maxClassId() {
        int max = 0;
        for (byte b : labels.labels()) {
            int id = b & 0xFF;
            if (id != LabelMap.VOID && id > max) max = id;
        }
        return max;
    }

    public static byte[] rgbOf(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return rgb;
    }

    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < width() * height(); i++) {
            image.setRGB(i % width(), i / width(), (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF));
        }
        return image;
    }
}
