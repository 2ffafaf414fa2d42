package dev.dgan.api.annotate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fills the pixels Pillow's {@code ImageDraw} fills for a filled polygon, rectangle, ellipse
 * and wide line. LabelMe turns its shapes into masks with Pillow, so a mask drawn here matches
 * the one LabelMe's own export gives pixel for pixel.
 * <p>
 * Pillow's rules, reproduced here: coordinates are truncated to integers before drawing; an
 * integer coordinate names a pixel (not a pixel corner), so a rectangle from (0, 0) to (2, 2)
 * covers 3 x 3 pixels; polygon scanlines run through pixel rows with single-precision edge
 * intersections and are rounded inwards; ellipses are traced by Pillow's integer midpoint
 * walk on a doubled grid; a wide line is the polygon of its four offset corners.
 */
public final class PillowDraw {

    private final int width;
    private final int height;
    private final byte[] labels;

    public PillowDraw(int width, int height, byte[] labels) {
        this.width = width;
        this.height = height;
        this.labels = labels;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    void point(int x, int y, byte value) {
        if (x >= 0 && x < width && y >= 0 && y < height) labels[y * width + x] = value;
    }

    /** Pixels x0..x1 of row y, both ends included, clipped to the image. */
    private void hline(int x0, int y, int x1, byte value) {
        if (y < 0 || y >= height || x1 < 0 || x0 >= width) return;
        int from = Math.max(0, x0), to = Math.min(width - 1, x1);
        if (from <= to) Arrays.fill(labels, y * width + from, y * width + to + 1, value);
    }

    /** Rows y0..y1 and columns x0..x1, ends included; the corners as given, smaller first. */
    void rectangle(int x0, int y0, int x1, int y1, byte value) {
        for (int y = Math.max(0, Math.min(y0, y1)); y <= Math.min(height - 1, Math.max(y0, y1)); y++) hline(x0, y, x1, value);
    }

    /** A closed polygon through {@code xy} (x, y pairs), filled by Pillow's scanline rule. */
    void polygon(int[] xy, byte value) {
        int count = xy.length / 2;
        List<Edge> edges = new ArrayList<>(count);
        int i;
        for (i = 0; i < count - 1; i++) {
            int x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
            // a horizontal edge that continues the previous horizontal edge in the same direction lengthens it
            if (y0 == y1 && i != 0 && y0 == xy[2 * i - 1]) {
                Edge last = edges.getLast();
                if (x1 > x0 && x0 > xy[2 * i - 2]) {
                    last.xmax = x1;
                    continue;
                } else if (x1 < x0 && x0 < xy[2 * i - 2]) {
                    last.xmin = x1;
                    continue;
                }
            }
            edges.add(new Edge(x0, y0, x1, y1));
        }
        if (count > 0 && (xy[2 * i] != xy[0] || xy[2 * i + 1] != xy[1])) edges.add(new Edge(xy[2 * i], xy[2 * i + 1], xy[0], xy[1]));
        fill(edges, value);
    }

    /**
     * A segment {@code lineWidth} pixels wide; its ends are cut square. A segment of length 0
     * is the single pixel it starts on, as in Pillow.
     */
    void wideLine(int x0, int y0, int x1, int y1, int lineWidth, byte value) {
        int dx = x1 - x0, dy = y1 - y0;
        if (dx == 0 && dy == 0) {
            point(x0, y0, value);
            return;
        }
        double length = Math.hypot(dx, dy);
        double half = (lineWidth - 1) / 2.0;
        double ratioMax = roundUp(half) / length;
        double ratioMin = roundDown(half) / length;
        int dxMin = roundDown(ratioMin * dy), dxMax = roundDown(ratioMax * dy);
        int dyMin = roundDown(ratioMin * dx), dyMax = roundDown(ratioMax * dx);
        int[][] v = {{x0 - dxMin, y0 + dyMax}, {x1 - dxMin, y1 + dyMax}, {x1 + dxMax, y1 - dyMin}, {x0 + dxMax, y0 - dyMin}};
        List<Edge> edges = new ArrayList<>(4);
        for (int k = 0; k < 4; k++) edges.add(new Edge(v[k][0], v[k][1], v[(k + 1) % 4][0], v[(k + 1) % 4][1]));
        fill(edges, value);
    }

    /** The filled ellipse inscribed in the box from (x0, y0) to (x1, y1), ends included; nothing for a single pixel box. */
    void ellipse(int x0, int y0, int x1, int y1, byte value) {
        int a = x1 - x0, b = y1 - y0;
        // Pillow fills by tracing a ring as thick as a + b; a box of one pixel has no ring
        int thickness = a + b;
        if (a < 0 || b < 0 || thickness < 1) return;
        int leftmost = a % 2;
        Quarter outer = new Quarter(a, b);
        Quarter inner = new Quarter(a - 2 * (thickness - 1), b - 2 * (thickness - 1));
        int[] p = outer.next();
        int rowRight = p[0], rowY = p[1], nextLeft = leftmost;
        boolean finished = false;
        while (!finished) {
            int y = rowY, l = nextLeft, r = rowRight;
            finished = true;
            while ((p = outer.next()) != null) {
                if (p[1] > y) {
                    finished = false;
                    rowRight = p[0];
                    rowY = p[1];
                    break;
                }
            }
            int[] q;
            while ((q = inner.next()) != null && q[1] <= y) l = q[0];
            nextLeft = q == null ? leftmost : q[0];
            // spans on the doubled grid, mirrored into the four quarters; the axis column belongs to the left half
            if ((l > 0 || l < r) && y > 0) span(x0, y0, a, b, l == 0 ? 2 : l, y, r, value);
            if (y > 0) span(x0, y0, a, b, -r, y, -l, value);
            if (l > 0 || l < r) span(x0, y0, a, b, l == 0 ? 2 : l, -y, r, value);
            span(x0, y0, a, b, -r, -y, -l, value);
        }
    }

    private void span(int x0, int y0, int a, int b, int left, int y, int right, byte value) {
        hline(x0 + (left + a) / 2, y0 + (y + b) / 2, x0 + (right + a) / 2, value);
    }

    /**
     * Pillow's walk along the top-right quarter of an ellipse with axes a, b on the grid
     * {(2x + a % 2, 2y + b % 2)}: from (a, b % 2) up to (a % 2, b), each step to whichever of
     * up, up-left and left lies closest to the curve.
     */
    private static final class Quarter {
        private final long a2, b2, a2b2;
        private final int ex, ey;
        private int cx, cy;
        private boolean finished;

        Quarter(int a, int b) {
            finished = a < 0 || b < 0;
            a2 = (long) a * a;
            b2 = (long) b * b;
            a2b2 = a2 * b2;
            cx = a;
            cy = b % 2;
            ex = a % 2;
            ey = b;
        }

        private long delta(long x, long y) {
            return Math.abs(a2 * y * y + b2 * x * x - a2b2);
        }

        /** The next point as {x, y}, or null after the last. */
        int[] next() {
            if (finished) return null;
            int[] point = {cx, cy};
            if (cx == ex && cy == ey) {
                finished = true;
                return point;
            }
            int nx = cx, ny = cy + 2;
            long best = delta(nx, ny);
            if (nx > 1) {
                long diagonal = delta(cx - 2, cy + 2);
                if (best > diagonal) {
                    nx = cx - 2;
                    best = diagonal;
                }
                if (best > delta(cx - 2, cy)) {
                    nx = cx - 2;
                    ny = cy;
                }
            }
            cx = nx;
            cy = ny;
            return point;
        }
    }

    /** A polygon edge; horizontal edges are drawn whole, the others cut by scanlines. */
    private static final class Edge {
        final int x0, y0, ymin, ymax;
        int xmin, xmax;
        final float dx;

        Edge(int x0, int y0, int x1, int y1) {
            this.x0 = x0;
            this.y0 = y0;
            xmin = Math.min(x0, x1);
            xmax = Math.max(x0, x1);
            ymin = Math.min(y0, y1);
            ymax = Math.max(y0, y1);
            dx = y0 == y1 ? 0f : (float) (x1 - x0) / (y1 - y0);
        }

        /** In single precision, as Pillow computes it: the spans depend on the rounding. */
        float xAt(int y) {
            return (y - y0) * dx + x0;
        }
    }

    private void fill(List<Edge> all, byte value) {
        int ymin = height - 1, ymax = 0;
        List<Edge> edges = new ArrayList<>(all.size());
        for (Edge e : all) {
            ymin = Math.min(ymin, e.ymin);
            ymax = Math.max(ymax, e.ymax);
            if (e.ymin == e.ymax) hline(e.xmin, e.ymin, e.xmax, value);
            else edges.add(e);
        }
        ymin = Math.max(ymin, 0);
        ymax = Math.min(ymax, height);
        float[] xs = new float[edges.size() * 2];
        for (int y = ymin; y <= ymax; y++) {
            int j = 0;
            for (int i = 0; i < edges.size(); i++) {
                Edge current = edges.get(i);
                if (y < current.ymin || y > current.ymax) continue;
                xs[j++] = current.xAt(y);
                if (y == current.ymax && y < ymax) {
                    // an edge ending on this row is counted twice, so a vertex where two edges meet keeps the span parity
                    xs[j] = xs[j - 1];
                    j++;
                } else if ((y == current.ymin || y == current.ymax) && current.dx != 0) {
                    xs[j - 1] = joinCorner(edges, i, current, y, xs[j - 1]);
                }
            }
            Arrays.sort(xs, 0, j);
            for (int i = 1; i < j; i += 2) hline(roundUp(xs[i - 1]), y, roundDown(xs[i]), value);
        }
    }

    /**
     * Where a slanted edge meets an earlier one at a sharp corner on row y, Pillow moves the
     * crossing next to the neighbouring row's crossings so the corner pixel row is not a
     * long spike.
     */
    private static float joinCorner(List<Edge> edges, int i, Edge current, int y, float x) {
        for (int k = 0; k < i; k++) {
            Edge other = edges.get(k);
            if ((y != other.ymin && y != other.ymax) || other.dx == 0) continue;
            if (roundHalfAway(x) != roundHalfAway(other.xAt(y))) continue;
            int offset = y == current.ymax ? -1 : 1;
            float adjacent = current.xAt(y + offset);
            if (y + offset < other.ymin || y + offset > other.ymax) continue;
            float adjacentOther = other.xAt(y + offset);
            if (x > adjacent + 1 && x > adjacentOther + 1) {
                return roundHalfAway(Math.max(adjacent, adjacentOther)) + 1;
            } else if (x < adjacent - 1 && x < adjacentOther - 1) {
                return roundHalfAway(Math.min(adjacent, adjacentOther)) - 1;
            }
            return x;
        }
        return x;
    }

    /** C's roundf: halves away from zero. */
    private static float roundHalfAway(float f) {
        double r = Math.floor(Math.abs((double) f) + 0.5);
        return (float) (f < 0 ? -r : r);
    }

    /** Pillow's ROUND_UP for a float: nearest integer, halves away from zero, with the float sum Pillow forms. */
    private static int roundUp(float f) {
        return (int) (f >= 0 ? Math.floor(f + 0.5f) : -Math.floor(Math.abs((double) f) + 0.5));
    }

    /** Pillow's ROUND_DOWN for a float: nearest integer, halves towards zero. */
    private static int roundDown(float f) {
        return (int) (f >= 0 ? Math.ceil(f - 0.5f) : -Math.ceil(Math.abs((double) f) - 0.5));
    }

    private static int roundUp(double d) {
        return (int) (d >= 0 ? Math.floor(d + 0.5) : -Math.floor(Math.abs(d) + 0.5));
    }

    private static int roundDown(double d) {
        return (int) (d >= 0 ? Math.ceil(d - 0.5) : -Math.ceil(Math.abs(d) - 0.5));
    }
}
