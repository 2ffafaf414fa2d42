package dev.dgan.api;

/**
 * Extension point for a labeling task (segmentation, keypoints, ...): something that learns
 * from a few annotated samples to label a backbone's feature maps.
 */
public interface TaskProvider {

    /** The name users pass to {@code --task}, lower case. */
    String name();

    /** One line for {@code dgan plugins}. */
    String description();
}
