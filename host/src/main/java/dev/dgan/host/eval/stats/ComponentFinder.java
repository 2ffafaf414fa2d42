package dev.dgan.host.eval.stats;

import dev.dgan.api.task.LabelMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a label map into 8-connected regions of equal class id, one pass over the pixels.
 * 8-connectivity because that is what OpenCV's findContours follows for the foreground, so a
 * region here is exactly what one outer contour there encloses.
 */
public final class ComponentFinder {

    private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] DY = {0, -1, -1, -1, 0, 1, 1, 1};

    private ComponentFinder() {
    }

    /**
     * The regions of the classes for which {@code wanted[id]} is true; other classes and void
     * are left out (they cost nothing but the scan).
     */
    public static Components find(LabelMap map, boolean[] wanted) {
        int w = map.width(), h = map.height();
        byte[] labels = map.labels();
        int[] regionOf = new int[labels.length];
        Arrays.fill(regionOf, -1);
        // one stack reused by every flood fill: the largest region bounds its depth
        int[] stack = new int[labels.length];
        List<Component> regions = new ArrayList<>();
        for (int start = 0; start < labels.length; start++) {
            int id = labels[start] & 0xFF;
            if (regionOf[start] >= 0 || id == LabelMap.VOID || id >= wanted.length || !wanted[id]) continue;
            int index = regions.size();
            int top = 0, pixels = 0;
            long sumX = 0, sumY = 0;
            int minX = w, minY = h, maxX = -1, maxY = -1;
            regionOf[start] = index;
            stack[top++] = start;
            while (top > 0) {
                int p = stack[--top];
                int x = p % w, y = p / w;
                pixels++;
                sumX += x;
                sumY += y;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int d = 0; d < 8; d++) {
                    int nx = x + DX[d], ny = y + DY[d];
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                    int q = ny * w + nx;
                    if (regionOf[q] < 0 && (labels[q] & 0xFF) == id) {
                        regionOf[q] = index;
                        stack[top++] = q;
                    }
                }
            }
            regions.add(new Component(id, index, pixels, minX, minY, maxX, maxY,
                    sumX / (double) pixels + 0.5, sumY / (double) pixels + 0.5));
        }
        return new Components(w, regionOf, regions);
    }
}
