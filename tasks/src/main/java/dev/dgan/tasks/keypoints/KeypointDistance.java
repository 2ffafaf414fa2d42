package dev.dgan.tasks.keypoints;

import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.Labeled;

import java.util.List;

/** Mean distance in pixels between each marked (visible) point and the point of the same name found. */
public final class KeypointDistance implements CrossValidationMetric {

    @Override
    public String name() {
        return "mean keypoint distance (px)";
    }

    @Override
    public Tally tally(List<String> labels) {
        return new Tally() {
            private double sum;
            private long points;

            @Override
            public void add(Annotation truth, Labeled predicted) {
                if (!(truth instanceof KeypointSet t) || !(predicted instanceof Labeled.Keypoints k))
                    throw new IllegalArgumentException("keypoint distance scores keypoints, got " + truth.getClass().getSimpleName()
                            + " against " + predicted.getClass().getSimpleName());
                for (KeypointSet.Keypoint p : t.points()) {
                    if (!p.visible()) continue;
                    for (Labeled.Keypoints.Detected d : k.points())
                        if (d.name().equals(p.name())) {
                            sum += Math.hypot(d.x() - p.x(), d.y() - p.y());
                            points++;
                        }
                }
            }

            @Override
            public double score() {
                return sum / Math.max(1, points);
            }
        };
    }
}
