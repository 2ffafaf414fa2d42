package dev.dgan.tasks.segmentation;

import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.TaskOption;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.tasks.mlp.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import dev.dgan.tasks.mlp.ModelFiles;

import java.io.IOException;
import java.nio.file.Path;

/** DatasetGAN's semantic segmentation: an ensemble of per-pixel MLP classifiers over the backbone's features. */
public final class SegmentationTask implements TaskProvider {

    public static final String NAME = "segmentation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public AnnotationReader annotations() {
        return new SegmentationAnnotations();
    }

    @Override
    public TaskOutputs outputs(Interpreter model) {
        return new ClassMapOutputs(model);
    }

    @Override
    public Optional<CrossValidationMetric> crossValidation() {
        return Optional.of(new MeanIou());
    }

    @Override
    public List<TaskOption> options() {
        List<TaskOption> all = new ArrayList<>(TaskOptions.COMMON_HELP);
        all.add(new TaskOption("min-class-pixels", "drop mask regions smaller than this"));
        return all;
    }

    @Override
    public String description() {
        return "per-pixel classes from an ensemble of pixel MLPs (DatasetGAN), majority vote and Jensen-Shannon uncertainty";
    }

    @Override
    public Trainer trainer(TrainingSpec spec) {
        return new SegmentationTrainer(spec);
    }

    @Override
    public Interpreter load(Path modelDir, Device device) throws IOException {
        return load(modelDir, device, Precision.FP32);
    }

    @Override
    public Interpreter load(Path modelDir, Device device, Precision precision) throws IOException {
        ModelFiles.Header header = ModelFiles.readHeader(modelDir, NAME);
        return new SegmentationInterpreter(header, ModelFiles.readWeights(modelDir, header, device), device, precision);
    }
}
