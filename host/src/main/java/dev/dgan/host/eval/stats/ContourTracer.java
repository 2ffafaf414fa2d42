package dev.dgan.host.eval.stats;

import java.util.Arrays;

/**
 * The outer border of a shape, traced as OpenCV's {@code findContours(mask, RETR_EXTERNAL,
 * CHAIN_APPROX_SIMPLE)} traces it, so point counts can be compared with figures computed by
 * the Python tools (BigDatasetGAN's among them).
 *
 * <p>Suzuki and Abe's border following on the outer border, 8-connectivity: the trace starts
 * at the shape's first pixel in raster order (topmost, then leftmost), finds its predecessor by
 * turning clockwise from the west neighbour, then repeatedly turns counterclockwise from the
 * pixel it came from until it meets a shape pixel, and stops when it is about to step from the
 * predecessor back onto the start. CHAIN_APPROX_SIMPLE keeps a pixel only where the step
 * direction changes, i.e. the ends of horizontal, vertical and diagonal runs. Holes are not
 * traced, and pixels outside the mask count as background, so a shape touching the image edge
 * is closed along that edge (OpenCV since 3.2 treats the image frame the same way).
 */
public final class ContourTracer {

    // Freeman directions as OpenCV numbers them: 0 east, then counterclockwise on screen (y down)
    private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] DY = {0, -1, -1, -1, 0, 1, 1, 1};

    private ContourTracer() {
    }

    /**
     * The outer contour of the 8-connected shape in {@code mask} that holds the mask's first
     * set pixel in raster order, in image coordinates (pixel indices). A single pixel gives one
     * point, a one-pixel-wide straight line its two ends. The mask must have a set pixel.
     */
    public static Polygon traceOuter(Mask mask) {
        // a zero frame of one pixel so that every neighbour look-up stays inside the grid
        int stride = mask.width() + 2;
        boolean[] grid = new boolean[stride * (mask.height() + 2)];
        int start = -1;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (!mask.at(x, y)) continue;
                int p = (y + 1) * stride + x + 1;
                grid[p] = true;
                if (start < 0) start = p;
            }
        }
        if (start < 0) throw new IllegalArgumentException("mask has no pixel to trace");
        int[] delta = new int[8];
        for (int s = 0; s < 8; s++) delta[s] = DY[s] * stride + DX[s];

        Points out = new Points();
        int px = start % stride - 1 + mask.originX(), py = start / stride - 1 + mask.originY();

        // the predecessor: clockwise from west; none at all means an isolated pixel
        int s = 4;
        do {
            s = (s - 1) & 7;
        } while (!grid[start + delta[s]] && s != 4);
        if (s == 4) {
            out.add(px, py);
            return out.polygon();
        }
        int predecessor = start + delta[s];
        int previousStep = s ^ 4;
        int current = start;
        while (true) {
            // counterclockwise from the pixel we came from; that pixel itself is the last resort
            int step = s;
            int next;
            do {
                step++;
                next = current + delta[step & 7];
            } while (!grid[next]);
            step &= 7;
            if (step != previousStep) {
                out.add(px, py);
                previousStep = step;
            }
            px += DX[step];
            py += DY[step];
            if (next == start && current == predecessor) break;
            current = next;
            s = (step + 4) & 7;
        }
        return out.polygon();
    }

    /** A growable pair of coordinate arrays. */
    private static final class Points {
        private double[] x = new double[16], y = new double[16];
        private int size;

        void add(int px, int py) {
            if (size == x.length) {
                x = Arrays.copyOf(x, size * 2);
                y = Arrays.copyOf(y, size * 2);
            }
            x[size] = px;
            y[size] = py;
            size++;
        }

        Polygon polygon() {
            return new Polygon(Arrays.copyOf(x, size), Arrays.copyOf(y, size));
        }
    }
}
