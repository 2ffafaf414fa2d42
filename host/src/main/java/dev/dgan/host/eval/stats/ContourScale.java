package dev.dgan.host.eval.stats;

import java.util.Arrays;

/**
 * How a contour in pixel coordinates is brought into the unit square before it is simplified
 * (and compared): the simplification tolerance is a fraction of that square, so this choice
 * decides what "0.01" means.
 */
public enum ContourScale {

    /**
     * The object's own box: the longer side of the contour's bounding box becomes 1, the shorter
     * one keeps the aspect ratio and is centred. The point count then measures the outline's
     * shape alone: the same shape drawn small or large, anywhere in the image, gets the same
     * count. This is the default: our reading of BigDatasetGAN's "normalised to the unit
     * square", the one under which the count is a measure of shape rather than of size.
     */
    OBJECT {
        @Override
        public Polygon apply(Polygon contour, int imageWidth, int imageHeight) {
            double[] x = contour.x(), y = contour.y();
            double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.length; i++) {
                minX = Math.min(minX, x[i]);
                maxX = Math.max(maxX, x[i]);
                minY = Math.min(minY, y[i]);
                maxY = Math.max(maxY, y[i]);
            }
            double side = Math.max(maxX - minX, maxY - minY);
            double[] nx = new double[x.length], ny = new double[x.length];
            if (side == 0) { // a single pixel: one point in the middle of the square
                Arrays.fill(nx, 0.5);
                Arrays.fill(ny, 0.5);
                return new Polygon(nx, ny);
            }
            double padX = (side - (maxX - minX)) / 2, padY = (side - (maxY - minY)) / 2;
            for (int i = 0; i < x.length; i++) {
                nx[i] = (x[i] - minX + padX) / side;
                ny[i] = (y[i] - minY + padY) / side;
            }
            return new Polygon(nx, ny);
        }
    },

    /**
     * The image: x / width, y / height. Small objects then simplify to few points whatever their
     * shape, so counts mix shape with size; kept for comparison with tools that work this way.
     */
    IMAGE {
        @Override
        public Polygon apply(Polygon contour, int imageWidth, int imageHeight) {
            double[] nx = new double[contour.size()], ny = new double[contour.size()];
            for (int i = 0; i < nx.length; i++) {
                nx[i] = contour.x()[i] / imageWidth;
                ny[i] = contour.y()[i] / imageHeight;
            }
            return new Polygon(nx, ny);
        }
    };

    /** The contour (pixel coordinates in an image of the given size) in the unit square. */
    public abstract Polygon apply(Polygon contour, int imageWidth, int imageHeight);
}
