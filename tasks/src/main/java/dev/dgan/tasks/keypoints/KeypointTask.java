package dev.dgan.tasks.keypoints;

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

/** Keypoints as DatasetGAN does them: the pixel MLPs regress one Gaussian heatmap per keypoint (L2), ensemble-averaged. */
public final class KeypointTask implements TaskProvider {

    public static final String NAME = "keypoints";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AnnotationReader annotations() {
        return new KeypointAnnotations();
    }

    @Override
    public TaskOutputs outputs(Interpreter model) {
        return new KeypointOutputs(model);
    }

    @Override
    public Optional<CrossValidationMetric> crossValidation() {
        return Optional.of(new KeypointDistance());
    }

    @Override
    public List<TaskOption> options() {
        List<TaskOption> all = new ArrayList<>(TaskOptions.COMMON_HELP);
        all.add(new TaskOption("sigma", "heatmap spread in pixels"));
        return all;
    }

    @Override
    public String description() {
        return "named keypoints from heatmaps regressed by an ensemble of pixel MLPs, peak coordinates with a confidence";
    }

    @Override
    public Trainer trainer(TrainingSpec spec) {
        return new KeypointTrainer(spec);
    }

    @Override
    public Interpreter load(Path modelDir, Device device) throws IOException {
        return load(modelDir, device, Precision.FP32);
    }

    @Override
    public Interpreter load(Path modelDir, Device device, Precision precision) throws IOException {
        ModelFiles.Header header = ModelFiles.readHeader(modelDir, NAME);
        return new KeypointInterpreter(header, ModelFiles.readWeights(modelDir, header, device), device, precision);
    }
}
