package dev.dgan.api.annotate;


/**
 * Draws filled shapes into a row-major label buffer. A pixel (x, y) belongs to a shape when its
 * centre (x + 0.5, y + 0.5) is inside, so shapes sharing an edge never both claim a pixel and a
 * shape's pixels do not depend on the image size.
 */
public final class ShapeRaster {

    private final int width;
    private final int height;
    private final byte[] labels;

    public ShapeRaster(int width, int height) {
        this.width = width;
        this.height = height;
        this.labels = new byte[width * height];
    }

    public byte[] labels() {
        return labels;
    }

    /**
     * Even-odd fill, scanline by scanline. Edges are half-open in y and spans half-open in x,
     * so a centre exactly on the left or top edge is inside and on the right or bottom edge is
     * not (an axis-aligned rectangle from (0, 0) to (2, 2) covers exactly 2 x 2 pixels).
     */
    public void polygon(double[] xs, double[] ys, byte value) {
        int n = xs.length;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double y : ys) {
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        int firstRow = Math.max(0, (int) Math.ceil(minY - 0.5));
        int lastRow = Math.min(height - 1, (int) Math.ceil(maxY - 0.5) - 1);
        double[] crossings = new double[n];
        for (int row = firstRow; row <= lastRow; row++) {
            double yc = row + 0.5;
            int count = 0;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                if ((ys[i] <= yc) != (ys[j] <= yc)) {
                    crossings[count++] = xs[j] + (yc - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j]);
                }
            }
            java.util.Arrays.sort(crossings, 0, count);
            for (int k = 0; k + 1 < count; k += 2) {
                // centres x + 0.5 in [from, to)
                int first = Math.max(0, (int) Math.ceil(crossings[k] - 0.5));
                int last = Math.min(width - 1, (int) Math.ceil(crossings[k + 1] - 0.5) - 1);
                for (int x = first; x <= last; x++) labels[row * width + x] = value;
            }
        }
    }
}
