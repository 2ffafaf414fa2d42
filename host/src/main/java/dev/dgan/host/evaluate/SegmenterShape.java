package dev.dgan.host.evaluate;

/**
 * The size of the downstream segmentation network: {@code depth} 2x downsamplings, {@code base}
 * channels at full resolution, doubling per level up to {@code maxChannels}.
 */
public record SegmenterShape(int inChannels, int classes, int base, int maxChannels, int depth) {

    public SegmenterShape {
        if (inChannels < 1) throw new IllegalArgumentException("segmenter: input channels must be positive, got " + inChannels);
        if (classes < 2) throw new IllegalArgumentException("segmenter: needs at least 2 classes, got " + classes);
        if (base < 1 || maxChannels < base) throw new IllegalArgumentException("segmenter: base " + base + " / max channels " + maxChannels + " invalid");
        if (depth < 1) throw new IllegalArgumentException("segmenter: depth must be at least 1, got " + depth);
    }

    /**
     * Sized by the resolution: as many levels as halve the shorter side down to 4 pixels (at
     * most 5, so the receptive field covers a 32 px image and most of a 512 px object), and
     * wider bases for larger images, where parts are larger and textures richer.
     */
    public static SegmenterShape forImages(int inChannels, int classes, int height, int width) {
        int side = Math.min(height, width);
        int depth = Math.max(1, Math.min(5, 31 - Integer.numberOfLeadingZeros(Math.max(1, side)) - 2));
        int base = side <= 64 ? 16 : side <= 256 ? 24 : 32;
        return new SegmenterShape(inChannels, classes, base, 8 * base, depth);
    }

    public SegmenterShape withBase(int newBase) {
        return new SegmenterShape(inChannels, classes, newBase, 8 * newBase, depth);
    }

    /** Channels at level {@code level} (0 = full resolution). */
    public int channels(int level) {
        return Math.min(maxChannels, base << level);
    }
}
