package dev.dgan.host.demo;

import java.awt.image.BufferedImage;

/** A small test image: a flat or linear-gradient background with flat rectangles and pixels drawn on top. */
final class Canvas {

    final int width;
    final int height;
    private final int[] rgb;

    private Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = new int[width * height];
    }

    static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    static Canvas flat(int width, int height, int colour) {
        return new Canvas(width, height).rect(0, 0, width, height, colour);
    }

    /**
     * An exact plane per channel, red rising to the right and green downwards:
     * {@code (20 + 6x, 60 + 4y, 140)}, inside 0..255 up to 32 x 32. Far from flat (red spans
     * 186 levels), so only a fitted plane, not a single border colour, makes it background.
     */
    static Canvas gradient(int width, int height) {
        Canvas canvas = new Canvas(width, height);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) canvas.set(x, y, gradientAt(x, y));
        return canvas;
    }

    static int gradientAt(int x, int y) {
        return rgb(20 + 6 * x, 60 + 4 * y, 140);
    }

    Canvas set(int x, int y, int colour) {
        rgb[y * width + x] = colour;
        return this;
    }

    Canvas rect(int x0, int y0, int w, int h, int colour) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) set(x, y, colour);
        return this;
    }

    int colour(int x, int y) {
        return rgb[y * width + x];
    }

    BufferedImage image() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }

    byte[] bytes() {
        byte[] bytes = new byte[3 * rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            bytes[3 * i] = (byte) (rgb[i] >> 16);
            bytes[3 * i + 1] = (byte) (rgb[i] >> 8);
            bytes[3 * i + 2] = (byte) rgb[i];
        }
        return bytes;
    }
}
