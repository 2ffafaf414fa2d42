package dev.dgan.host.demo;

import java.awt.image.BufferedImage;

/** A small test image: a grey gradient background with flat, saturated shapes drawn on top. */
final class Canvas {

    final int width;
    final int height;
    private final int[] rgb;

    /** Grey from 60 at the left to 200 at the right: saturation 0, value across the 0.5 threshold. */
    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int grey = 60 + 140 * x / (width - 1);
                rgb[y * width + x] = grey << 16 | grey << 8 | grey;
            }
        }
    }

    Canvas set(int x, int y, int colour) {
        rgb[y * width + x] = colour;
        return this;
    }

    Canvas rect(int x0, int y0, int w, int h, int colour) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) set(x, y, colour);
        return this;
    }

    /** A disc of the given diameter in the box at (x0, y0), by pixel centres. */
    Canvas disc(int x0, int y0, int diameter, int colour) {
        for (int y = 0; y < diameter; y++)
            for (int x = 0; x < diameter; x++)
                if (ShapeTemplate.DISC.covers(x, y, diameter, diameter)) set(x0 + x, y0 + y, colour);
        return this;
    }

    /** An upright triangle, base width = height = size, by the plain pixel-centre test. */
    Canvas triangle(int x0, int y0, int size, int colour) {
        for (int y = 0; y < size; y++) {
            double half = (size / 2.0) * (y + 0.5) / size;
            for (int x = 0; x < size; x++) if (Math.abs(x + 0.5 - size / 2.0) <= half) set(x0 + x, y0 + y, colour);
        }
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
