package dev.dgan.api.task;

import java.util.List;

/** Named points marked on a sample of {@code width} x {@code height} pixels. */
public record KeypointSet(int width, int height, List<Keypoint> points) implements Annotation {

    /** A point in pixel coordinates (x right, y down, pixel centres at +0.5); invisible points are not trained on. */
    public record Keypoint(String name, double x, double y, boolean visible) {}

    public KeypointSet {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("keypoint image size must be positive, got " + width + "x" + height);
        points = List.copyOf(points);
    }
}
