package dev.dgan.api;

import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.TaskOption;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Extension point for a labeling task: something that learns from a few annotated samples to
 * label a backbone's feature maps. Besides training and loading, a task declares what it
 * reads ({@link #annotations()}), what it writes per generated sample ({@link #outputs}), how
 * cross-validation scores it and which options it takes; the host composes these and never
 * names a task.
 */
public interface TaskProvider {

    /** The name users pass to {@code --task}, lower case. */
    String name();

    /** One line for {@code dgan plugins}. */
    String description();

    /**
     * Whether {@code dgan train} and {@code dgan init} use this task when no {@code --task} is
     * given. At most one installed task should say so.
     */
    default boolean isDefault() {
        return false;
    }

    /** Which files of an annotation folder this task learns from, and how each is read. */
    AnnotationReader annotations();

    /** What a generated sample labeled by {@code model} (a model of this task) adds to a dataset. */
    TaskOutputs outputs(Interpreter model);

    /** How {@code dgan train --cv} scores this task; by default it cannot be cross-validated. */
    default Optional<CrossValidationMetric> crossValidation() {
        return Optional.empty();
    }

    /** The {@code -O KEY=VALUE} options the trainer accepts, for {@code dgan train --help}. */
    default List<TaskOption> options() {
        return List.of();
    }

    /**
     * The taps a model trains on when the user names none. By default every spatial tap: a
     * 1-px map such as a class embedding carries nothing per pixel.
     */
    default List<FeatureTap> defaultTaps(BackboneInfo backbone) {
        List<FeatureTap> spatial = backbone.taps().stream().filter(t -> t.resolution() > 1).toList();
        if (spatial.isEmpty())
            throw new IllegalArgumentException("backbone " + backbone.name() + " has no spatial feature taps to train " + name() + " on");
        return spatial;
    }

    /** A trainer that collects annotated samples' features and then fits the task's model. */
    Trainer trainer(TrainingSpec spec);

    /** Reads a model this task saved with {@link Interpreter#save}. */
    Interpreter load(Path modelDir, Device device) throws IOException;

    /**
     * Reads a model that labels in {@code precision}'s compute type. A task that computes only
     * in float32 inherits this, which accepts fp32 and tf32 (tf32 is a process-wide libtorch
     * setting, not the task's) and names the task when asked for anything else.
     */
    default Interpreter load(Path modelDir, Device device, Precision precision) throws IOException {
        if (precision.computeType() != DType.F32)
            throw new IllegalArgumentException("--precision " + precision.cliName() + ": task " + name() + " computes only in float32");
        return load(modelDir, device);
    }
}
