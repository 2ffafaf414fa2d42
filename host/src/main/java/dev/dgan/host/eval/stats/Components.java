package dev.dgan.host.eval.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The 8-connected regions of one label map, as {@link ComponentFinder} found them: every
 * pixel's region number (-1 for pixels of classes that were not asked for, and void) and the
 * regions themselves in raster order of their first pixel.
 */
public final class Components {

    private final int width;
    private final int[] regionOf;
    private final List<Component> regions;

    Components(int width, int[] regionOf, List<Component> regions) {
        this.width = width;
        this.regionOf = regionOf;
        this.regions = Collections.unmodifiableList(new ArrayList<>(regions));
    }

    public List<Component> all() {
        return regions;
    }

    /**
     * The region of {@code classId} with the most pixels, or null when the class does not
     * occur. A tie goes to the region met first in raster order, so the answer never depends
     * on anything but the labels.
     */
    public Component largest(int classId) {
        Component best = null;
        for (Component c : regions) {
            if (c.classId() == classId && (best == null || c.pixels() > best.pixels())) best = c;
        }
        return best;
    }

    /** The pixels of {@code region} alone, cropped to its bounding box. */
    public Mask mask(Component region) {
        int w = region.boxWidth(), h = region.boxHeight();
        boolean[] inside = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int row = (region.minY() + y) * width + region.minX();
            for (int x = 0; x < w; x++) inside[y * w + x] = regionOf[row + x] == region.index();
        }
        return new Mask(region.minX(), region.minY(), w, h, inside);
    }
}
