package dev.dgan.host.demo;

import java.util.Arrays;

/**
 * Rule steps 1 and 2a: foreground by an HSV threshold, then 4-connected regions of similar
 * colour. Two foreground neighbours join when both their hues and their RGB values are close,
 * which keeps touching or overlapping objects of different colour apart.
 */
final class ColourRegions {

    static final double MIN_SATURATION = 0.5;
    static final double MIN_VALUE = 0.5;
    static final double HUE_TOLERANCE = 0.04;
    static final int RGB_TOLERANCE = 28;

    private ColourRegions() {
    }

    static RegionMap find(RgbPixels image) {
        int width = image.width(), height = image.height(), n = image.pixels();
        Hsv[] hsv = new Hsv[n];
        boolean[] foreground = new boolean[n];
        for (int i = 0; i < n; i++) {
            hsv[i] = image.hsv(i);
            foreground[i] = hsv[i].saturation() > MIN_SATURATION && hsv[i].value() > MIN_VALUE;
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (!foreground[i]) continue;
                if (x + 1 < width && joins(image, hsv, foreground, i, i + 1)) union(parent, i, i + 1);
                if (y + 1 < height && joins(image, hsv, foreground, i, i + width)) union(parent, i, i + width);
            }
        }
        int[] ids = new int[n];
        int[] idOfRoot = new int[n];
        Arrays.fill(idOfRoot, RegionMap.NONE);
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!foreground[i]) {
                ids[i] = RegionMap.NONE;
                continue;
            }
            int root = find(parent, i);
            if (idOfRoot[root] == RegionMap.NONE) idOfRoot[root] = count++;
            ids[i] = idOfRoot[root];
        }
        return new RegionMap(width, height, ids, count);
    }

    private static boolean joins(RgbPixels image, Hsv[] hsv, boolean[] foreground, int a, int b) {
        return foreground[b] && hsv[a].hueDistance(hsv[b]) < HUE_TOLERANCE
                && image.maxChannelDifference(a, b) < RGB_TOLERANCE;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
