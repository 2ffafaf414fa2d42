package dev.dgan.host.eval.stats;

/**
 * Ramer-Douglas-Peucker simplification, step for step as OpenCV's {@code approxPolyDP} does it
 * on float32 points, so that vertex counts match the ones the Python tools report:
 *
 * <ol>
 *   <li>a closed curve is first cut at two roughly farthest points (three rounds of "farthest
 *       point from the last one", starting at vertex 0) and each half is simplified;</li>
 *   <li>a part is kept whole when no interior vertex is farther than {@code epsilon} from the
 *       chord (the segment between its ends), otherwise it is split at the farthest one (the
 *       first of equals);</li>
 *   <li>a last pass drops a vertex that lies within {@code epsilon / sqrt 2} of the line
 *       through its neighbours, between them, where that line is neither horizontal nor
 *       vertical (OpenCV's clean-up of nearly straight stretches, kept for the same counts).</li>
 * </ol>
 *
 * Coordinates are rounded to float and differences taken in float, as OpenCV does with
 * {@code Point2f}; products and comparisons are in double except where OpenCV's are float.
 * Checked point for point against OpenCV 4.14 on a few hundred traced shapes. Releases before
 * OpenCV's point-to-segment fix measured to the infinite line and may keep a point or two
 * fewer where an outline doubles back on itself.
 */
public final class DouglasPeucker {

    private DouglasPeucker() {
    }

    /** Like {@code cv2.approxPolyDP(curve, epsilon, closed=True)}. */
    public static Polygon simplifyClosed(Polygon curve, double epsilon) {
        return simplify(curve, epsilon, true);
    }

    /** Like {@code cv2.approxPolyDP(curve, epsilon, closed=False)}: the end points always stay. */
    public static Polygon simplifyOpen(Polygon curve, double epsilon) {
        return simplify(curve, epsilon, false);
    }

    private static Polygon simplify(Polygon curve, double epsilon, boolean closed) {
        if (!(epsilon >= 0 && epsilon < 1e30)) throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        int count = curve.size();
        if (count == 0) return curve;
        float[] x = new float[count], y = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = (float) curve.x()[i];
            y[i] = (float) curve.y()[i];
        }
        double eps2 = epsilon * epsilon;
        int[] kept = new int[count];
        int keptCount = 0;
        // slices as (start, end) index pairs; a stack, not recursion, so long contours are safe
        int[] stack = new int[2 * count + 4];
        int top = 0;

        boolean isClosed = closed;
        int initRounds = 3;
        if (!isClosed) {
            if (x[0] != x[count - 1] || y[0] != y[count - 1]) {
                stack[top++] = 0;
                stack[top++] = count - 1;
            } else {
                // an open curve that ends where it starts is treated as closed, as OpenCV does
                isClosed = true;
                initRounds = 1;
            }
        }
        if (isClosed) {
            int pos = 0, far = 0;
            boolean small = false;
            for (int round = 0; round < initRounds; round++) {
                // as in OpenCV, a round that finds nothing farther keeps the last offset
                pos = (pos + far) % count;
                double maxDist = 0;
                for (int j = 1; j < count; j++) {
                    int q = (pos + j) % count;
                    double dx = x[q] - x[pos], dy = y[q] - y[pos];
                    double dist = dx * dx + dy * dy;
                    if (dist > maxDist) {
                        maxDist = dist;
                        far = j;
                    }
                }
                small = maxDist <= eps2;
            }
            if (small) {
                kept[keptCount++] = pos;
            } else {
                int a = pos, b = (pos + far) % count;
                stack[top++] = b; // the second half, b back round to a, is done last
                stack[top++] = a;
                stack[top++] = a;
                stack[top++] = b;
            }
        }

        while (top > 0) {
            int end = stack[--top], start = stack[--top];
            int first = (start + 1) % count;
            boolean keep;
            int split = -1;
            if (first != end) {
                double dx = x[end] - x[start], dy = y[end] - y[start];
                double length2 = dx * dx + dy * dy;
                // squared distance to the segment times its squared length, so no division is needed
                double maxDist = 0;
                for (int q = first; q != end; q = (q + 1) % count) {
                    double dist = segmentDistance2(x[q], y[q], x[start], y[start], x[end], y[end], dx, dy, length2);
                    if (dist > maxDist) {
                        maxDist = dist;
                        split = q;
                    }
                }
                keep = maxDist <= eps2 * length2;
            } else {
                keep = true;
            }
            if (keep) {
                kept[keptCount++] = start;
            } else {
                stack[top++] = split;
                stack[top++] = end;
                stack[top++] = start;
                stack[top++] = split;
            }
        }
        if (!isClosed) kept[keptCount++] = count - 1;

        float[] ox = new float[keptCount], oy = new float[keptCount];
        for (int i = 0; i < keptCount; i++) {
            ox[i] = x[kept[i]];
            oy[i] = y[kept[i]];
        }
        int n = dropNearlyStraight(ox, oy, keptCount, eps2, closed);
        double[] rx = new double[n], ry = new double[n];
        for (int i = 0; i < n; i++) {
            rx[i] = ox[i];
            ry[i] = oy[i];
        }
        return new Polygon(rx, ry);
    }

    /**
     * Squared distance from (px, py) to the segment from s to e, times the segment's squared
     * length. To the segment, not the line through it, as OpenCV has measured since its 4.x
     * fix for contours that double back: a spike running past the chord's end is then not
     * mistaken for a point on the chord. Float and double where OpenCV has them.
     */
    private static double segmentDistance2(float px, float py, float sx, float sy, float ex, float ey,
                                           double dx, double dy, double length2) {
        double projection = (px - sx) * dx + (py - sy) * dy;
        if (projection < 0) {
            float ax = px - sx, ay = py - sy;
            return (ax * ax + ay * ay) * length2;
        }
        if (projection > length2) {
            float bx = px - ex, by = py - ey;
            return (bx * bx + by * by) * length2;
        }
        double cross = (py - sy) * dx - (px - sx) * dy;
        return cross * cross;
    }

    /**
     * OpenCV's last pass, in place and with its wrap-around reads, so that even its quirks
     * (it may read a vertex it has already moved) give the same count.
     */
    private static int dropNearlyStraight(float[] x, float[] y, int count, double eps2, boolean closed) {
        int newCount = count;
        int open = closed ? 0 : 1;
        int pos = closed ? count - 1 : 0;
        float sx = x[pos], sy = y[pos];
        pos = (pos + 1) % count;
        int wpos = pos;
        float px = x[pos], py = y[pos];
        pos = (pos + 1) % count;
        for (int i = open; i < count - open && newCount > 2; i++) {
            float ex = x[pos], ey = y[pos];
            pos = (pos + 1) % count;
            double dx = ex - sx, dy = ey - sy;
            double dist = Math.abs((double) (px - sx) * dy - (double) (py - sy) * dx);
            double inner = (double) (px - sx) * (ex - px) + (double) (py - sy) * (ey - py);
            if (dist * dist <= 0.5 * eps2 * (dx * dx + dy * dy) && dx != 0 && dy != 0 && inner >= 0) {
                newCount--;
                x[wpos] = sx = ex;
                y[wpos] = sy = ey;
                wpos = (wpos + 1) % count;
                px = x[pos];
                py = y[pos];
                pos = (pos + 1) % count;
                i++;
                continue;
            }
            x[wpos] = sx = px;
            y[wpos] = sy = py;
            wpos = (wpos + 1) % count;
            px = ex;
            py = ey;
        }
        if (!closed) {
            x[wpos] = px;
            y[wpos] = py;
        }
        return newCount;
    }
}
