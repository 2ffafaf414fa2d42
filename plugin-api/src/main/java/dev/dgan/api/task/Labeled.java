package dev.dgan.api.task;

import java.util.List;

/**
 * What an interpreter made of one sample; {@code uncertainty} is the image score (higher: less
 * sure). Open: a task plugin may label samples with its own kind and write it through its
 * {@link TaskOutputs}.
 */
public interface Labeled {

    double uncertainty();

    /** The ensemble's majority label per pixel (row-major; ties go to the lower class id). */
    record Segmentation(LabelMap labels, double uncertainty) implements Labeled {}

    /** Each keypoint's location (pixel coordinates) and the ensemble's mean heat there, in [0, 1]. */
    record Keypoints(List<Detected> points, int width, int height, double uncertainty) implements Labeled {
        public record Detected(String name, double x, double y, double confidence) {}

        public Keypoints {
            points = List.copyOf(points);
        }
    }

    /** A result with its per-pixel uncertainty map (row-major), or null where the task has none. */
    record WithPixelUncertainty(Labeled labeled, float[] pixels) {}
}
