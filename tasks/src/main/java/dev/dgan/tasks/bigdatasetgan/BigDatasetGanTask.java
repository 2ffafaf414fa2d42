package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.TaskOption;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.tasks.segmentation.ClassMapOutputs;
import dev.dgan.tasks.segmentation.MeanIou;
import dev.dgan.tasks.segmentation.SegmentationAnnotations;
import java.util.Optional;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * BigDatasetGAN's segmentation: a convolutional branch over the backbone's low, mid and high
 * feature levels, fused coarse to fine with class-conditional batch norm, trained as an
 * ensemble of heads whose disagreement scores each generated sample. {@code -O head=vqgan}
 * trains the VQGAN head of BigDatasetGAN's supplementary instead ({@link VqBranch}).
 */
public final class BigDatasetGanTask implements TaskProvider {

    public static final String NAME = "bigdatasetgan";

    @Override
    public String name() {
        return NAME;
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
        return List.of(new TaskOption("models", "heads, default 16"), new TaskOption("batch", "samples per step"),
                new TaskOption("iterations", "training steps"), new TaskOption("lr", "learning rate"),
                new TaskOption("widths", "branch widths"), new TaskOption("loss", "auto, bce or ce"),
                new TaskOption("cache-features", "keep features between steps"), new TaskOption("score", "top:F or sum"));
    }

    @Override
    public String description() {
        return "foreground (or per-class) masks from BigDatasetGAN's convolutional branch over feature levels, ensemble vote and Jensen-Shannon uncertainty";
    }

    /** The taps of the backbone's levels, and its class embedding when it has one (the conditional batch norms read it). */
    @Override
    public List<FeatureTap> defaultTaps(BackboneInfo backbone) {
        Set<String> wanted = new HashSet<>();
        for (TapLevel l : backbone.levels()) wanted.addAll(l.taps());
        if (wanted.isEmpty())
            throw new IllegalArgumentException(NAME + ": backbone " + backbone.name() + " groups no taps into levels; give --taps");
        wanted.add(FeatureTap.CLASS_EMBEDDING);
        return backbone.taps().stream().filter(t -> wanted.contains(t.name())).toList();
    }

    @Override
    public Trainer trainer(TrainingSpec spec) {
        return new BranchTrainer(spec);
    }

    @Override
    public Interpreter load(Path modelDir, Device device) throws IOException {
        return load(modelDir, device, Precision.FP32);
    }

    @Override
    public Interpreter load(Path modelDir, Device device, Precision precision) throws IOException {
        return BranchInterpreter.load(modelDir, device, precision);
    }
}
