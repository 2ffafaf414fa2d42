package dev.dgan.tasks.keypoints;

/**
 * The location of a heatmap's maximum, refined to sub-pixel precision by fitting a parabola
 * through the peak and its two neighbours along each axis (offsets clamped to half a pixel).
 */
final class PeakFinder {

    record Peak(double x, double y, double value) {}

    private PeakFinder() {}

    static Peak find(float[] heat, int width, int height) {
        int best = 0;
        for (int i = 1; i < heat.length; i++) if (heat[i] > heat[best]) best = i;
        int bx = best % width, by = best / width;
        double dx = 0, dy = 0;
        if (bx > 0 && bx < width - 1) dx = offset(heat[best - 1], heat[best], heat[best + 1]);
        if (by > 0 && by < height - 1) dy = offset(heat[best - width], heat[best], heat[best + width]);
        return new Peak(bx + 0.5 + dx, by + 0.5 + dy, heat[best]);
    }

    private static double offset(float left, float centre, float right) {
        double denom = left - 2.0 * centre + right;
        if (denom >= 0) return 0; // not a strict maximum: keep the pixel centre
        return Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / denom));
    }
}
