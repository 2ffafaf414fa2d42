package dev.dgan.host.demo;

import java.awt.image.BufferedImage;

/** An 8-bit RGB image, row-major and interleaved: {@code rgb[3 * (y * width + x) + channel]}. */
record RgbPixels(int width, int height, byte[] rgb) {

    RgbPixels {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        if (rgb == null || rgb.length != 3L * width * height)
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs " + (3L * width * height)
                    + " bytes, got " + (rgb == null ? "none" : rgb.length));
    }

    static RgbPixels of(BufferedImage image) {
        int width = image.getWidth(), height = image.getHeight();
        byte[] rgb = new byte[3 * width * height];
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbPixels(width, height, rgb);
    }

    int pixels() {
        return width * height;
    }

    /** Channel 0 red, 1 green, 2 blue, as 0..255. */
    int channel(int pixel, int channel) {
        return rgb[3 * pixel + channel] & 0xFF;
    }

    int red(int pixel) {
        return channel(pixel, 0);
    }

    int green(int pixel) {
        return channel(pixel, 1);
    }

    int blue(int pixel) {
        return channel(pixel, 2);
    }

    /** The largest of the three channels. */
    int max(int pixel) {
        return Math.max(red(pixel), Math.max(green(pixel), blue(pixel)));
    }

    /** The smallest of the three channels. */
    int min(int pixel) {
        return Math.min(red(pixel), Math.min(green(pixel), blue(pixel)));
    }

    /** {@code max - min}: 0 for greys, large for saturated colours. */
    int chroma(int pixel) {
        return max(pixel) - min(pixel);
    }
}
