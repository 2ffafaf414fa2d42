package dev.dgan.api;

import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Extension point for a labeling task (segmentation, keypoints, ...): something that learns
 * from a few annotated samples to label a backbone's feature maps.
 */
public interface TaskProvider {

    /** The name users pass to {@code --task}, lower case. */
    String name();

    /** One line for {@code dgan plugins}. */
    String description();

    /** A trainer that collects annotated samples' features and then fits the task's model. */
    Trainer trainer(TrainingSpec spec);

    /** Reads a model this task saved with {@link Interpreter#save}. */
    Interpreter load(Path modelDir, Device device) throws IOException;
}
