package dev.dgan.host.eval.stats;

/**
 * A binary shape cropped to a box of the image: {@code inside[y * width + x]} is the pixel at
 * image position ({@code originX + x}, {@code originY + y}). Cropping keeps tracing one small
 * object cheap on a large image; the origin puts the contour back in image coordinates.
 */
public record Mask(int originX, int originY, int width, int height, boolean[] inside) {

    public Mask {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        if (inside == null || inside.length != width * height)
            throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + (width * height) + " cells");
    }

    public boolean at(int x, int y) {
        return inside[y * width + x];
    }

    /** A mask from rows of text, '#' inside and anything else outside: for tests and small examples. */
    public static Mask of(String... rows) {
        int width = rows[0].length();
        boolean[] inside = new boolean[width * rows.length];
        for (int y = 0; y < rows.length; y++) {
            if (rows[y].length() != width) throw new IllegalArgumentException("row " + y + " is not " + width + " wide");
            for (int x = 0; x < width; x++) inside[y * width + x] = rows[y].charAt(x) == '#';
        }
        return new Mask(0, 0, width, rows.length, inside);
    }
}
