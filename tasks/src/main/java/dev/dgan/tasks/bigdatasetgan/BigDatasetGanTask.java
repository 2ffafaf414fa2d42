package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * BigDatasetGAN's segmentation: a convolutional branch over the backbone's low, mid and high
 * feature levels, fused coarse to fine with class-conditional batch norm, trained as an
 * ensemble of heads whose disagreement scores each generated sample.
 */
public final class BigDatasetGanTask implements TaskProvider {

    public static final String NAME = "bigdatasetgan";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "foreground (or per-class) masks from BigDatasetGAN's convolutional branch over feature levels, ensemble vote and Jensen-Shannon uncertainty";
    }

    @Override
    public Trainer trainer(TrainingSpec spec) {
        return new BranchTrainer(spec);
    }

    @Override
    public Interpreter load(Path modelDir, Device device) throws IOException {
        return BranchInterpreter.load(modelDir, device);
    }
}
