package dev.dgan.host.demo;

/**
 * Which region each pixel belongs to, row-major: a region id from 0, or {@link #NONE} for
 * background. Ids are numbered in raster order of each region's first pixel when the regions
 * are first found, and keep their numbers through merges and drops.
 */
final class RegionMap {

    static final int NONE = -1;

    private final int width;
    private final int height;
    private final int[] ids;
    private final int count;

    RegionMap(int width, int height, int[] ids, int count) {
        if (ids.length != width * height) throw new IllegalArgumentException("need " + width * height + " ids, got " + ids.length);
        this.width = width;
        this.height = height;
        this.ids = ids;
        this.count = count;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** How many ids were handed out; some may have no pixels left after merges and drops. */
    int count() {
        return count;
    }

    int at(int pixel) {
        return ids[pixel];
    }

    int at(int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? NONE : ids[y * width + x];
    }

    /** Pixels per region id. */
    int[] sizes() {
        int[] sizes = new int[count];
        for (int id : ids) if (id != NONE) sizes[id]++;
        return sizes;
    }

    /** Gives every pixel of region {@code from} to region {@code to} ({@link #NONE}: background). */
    void relabel(int from, int to) {
        for (int i = 0; i < ids.length; i++) if (ids[i] == from) ids[i] = to;
    }
}
