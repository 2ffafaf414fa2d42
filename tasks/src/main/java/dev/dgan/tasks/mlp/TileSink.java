package dev.dgan.tasks.mlp;

import dev.dgan.runtime.Tensor;

/**
 * Receives the ensemble's outputs for a band of rows of one sample: {@code outputs} is
 * [models in this call, outputs, rows * width] (borrowed) for models
 * {@code firstModel .. firstModel + outputs.size(0) - 1} and image rows {@code y0 .. y0 + rows - 1}.
 * Every (model, row) pair is delivered exactly once per sample.
 */
@FunctionalInterface
public interface TileSink {

    void accept(int firstModel, Tensor outputs, int y0, int rows);
}
