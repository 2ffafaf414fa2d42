package dev.dgan.tasks.keypoints;

import dev.dgan.api.task.KeypointSet;

import java.util.List;

/**
 * Gaussian heatmap targets: keypoint k at (x, y) gives pixel (i, j), whose centre is
 * (i + 0.5, j + 0.5), the heat exp(-d^2 / (2 sigma^2)); 1 at the point, 0 far away.
 */
final class Heatmaps {

    private Heatmaps() {}

    /** Heat of keypoint {@code k} at every pixel, row-major; all zero for an invisible or absent keypoint. */
    static float[] target(KeypointSet set, String name, double sigma) {
        float[] heat = new float[set.width() * set.height()];
        for (KeypointSet.Keypoint p : set.points()) {
            if (!p.name().equals(name) || !p.visible()) continue;
            double inv = 1.0 / (2 * sigma * sigma);
            for (int j = 0; j < set.height(); j++) {
                double dy = j + 0.5 - p.y();
                for (int i = 0; i < set.width(); i++) {
                    double dx = i + 0.5 - p.x();
                    heat[j * set.width() + i] = (float) Math.max(heat[j * set.width() + i], Math.exp(-(dx * dx + dy * dy) * inv));
                }
            }
        }
        return heat;
    }

    /** Whether keypoint {@code name} is marked visible in {@code set} (only those are trained on). */
    static boolean visible(KeypointSet set, String name) {
        List<KeypointSet.Keypoint> points = set.points();
        for (KeypointSet.Keypoint p : points) if (p.name().equals(name) && p.visible()) return true;
        return false;
    }
}
