package dev.dgan.tasks.mlp;

import dev.dgan.runtime.Tensor;

import java.util.Map;

/** A way of running an ensemble over one sample's feature maps: the fused path or the naive reference. */
public sealed interface EnsembleForward extends AutoCloseable permits FusedEnsemble, NaiveEnsemble {

    /** Runs every model on sample {@code b} of {@code taps} (checked with {@link TapLayout#checkBatch}). */
    void run(Map<String, Tensor> taps, int b, TileSink sink);

    int models();

    @Override
    void close();
}
