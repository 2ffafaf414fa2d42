package dev.dgan.api.task;

/**
 * A per-pixel class map, row-major, one unsigned byte per pixel: class ids from 0, and
 * {@link #VOID} for pixels that carry no label (ignored in training and scoring).
 */
public record LabelMap(int width, int height, byte[] labels) implements Annotation {

    public static final int VOID = 255;

    public LabelMap {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("label map size must be positive, got " + width + "x" + height);
        if (labels == null || labels.length != (long) width * height)
            throw new IllegalArgumentException("label map " + width + "x" + height + " needs " + ((long) width * height)
                    + " labels, got " + (labels == null ? "none" : labels.length));
    }

    public int at(int x, int y) {
        return labels[y * width + x] & 0xFF;
    }
}
