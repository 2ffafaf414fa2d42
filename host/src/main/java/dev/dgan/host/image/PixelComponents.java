package dev.dgan.host.image;

import java.util.Arrays;

/**
 * The connected components of a set of pixels, numbered from 0 in raster order of each
 * component's first pixel (row by row, left to right): the order the rule's tie breaks and
 * {@code annotations/index.json} use.
 *
 * @param ids   per pixel, row-major: its component, or {@link #NONE} for pixels outside the set
 * @param sizes pixels per component
 */
public record PixelComponents(int[] ids, int[] sizes) {

    public static final int NONE = -1;

    public static PixelComponents of(boolean[] in, int width, int height, Connectivity connectivity) {
        int[] ids = new int[in.length];
        Arrays.fill(ids, NONE);
        int[] sizes = new int[in.length];
        int[] stack = new int[in.length];
        int count = 0;
        for (int start = 0; start < in.length; start++) {
            if (!in[start] || ids[start] != NONE) continue;
            int id = count++;
            int top = 0;
            ids[start] = id;
            stack[top++] = start;
            while (top > 0) {
                int pixel = stack[--top];
                sizes[id]++;
                int row = pixel / width, column = pixel % width;
                for (int k = 0; k < connectivity.count(); k++) {
                    int next = connectivity.neighbour(k, row, column, width, height);
                    if (next >= 0 && in[next] && ids[next] == NONE) {
                        ids[next] = id;
                        stack[top++] = next;
                    }
                }
            }
        }
        return new PixelComponents(ids, Arrays.copyOf(sizes, count));
    }

    public int count() {
        return sizes.length;
    }

    /** The component with the most pixels; on a tie the one whose first pixel comes first. -1 if none. */
    public int largest() {
        int best = -1;
        for (int id = 0; id < sizes.length; id++) if (best < 0 || sizes[id] > sizes[best]) best = id;
        return best;
    }
}
