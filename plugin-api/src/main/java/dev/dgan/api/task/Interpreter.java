package dev.dgan.api.task;

import java.util.OptionalDouble;
import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A trained task model: turns a batch of feature maps into labels with an uncertainty score. */
public interface Interpreter extends AutoCloseable {

    /** The task's name, as its provider reports it. */
    String task();

    List<String> labels();

    /** The taps it reads, in training order. */
    List<FeatureTap> taps();

    int width();

    int height();

    /**
     * Labels a batch: {@code taps} maps each tap name to [B, C, r, r] (borrowed). One result
     * per batch element, in order.
     */
    List<Labeled> label(Map<String, Tensor> taps);

    /**
     * Like {@link #label}, with each sample's per-pixel uncertainty (row-major, width x height;
     * higher: the ensemble agrees less) where the task has one, e.g. for an editor that marks the
     * pixels a person should check. The default has no maps.
     */
    default List<Labeled.WithPixelUncertainty> labelWithUncertainty(Map<String, Tensor> taps) {
        return label(taps).stream().map(l -> new Labeled.WithPixelUncertainty(l, null)).toList();
    }

    /** Writes the model into {@code dir} (weights as safetensors plus the task's JSON), atomically per file. */
    void save(Path dir) throws IOException;

    @Override
    void close();

    /** Floating-point operations of labeling one image (2 per multiply-add), from the model's shape; empty when unknown. */
    default OptionalDouble flopsPerImage() {
        return OptionalDouble.empty();
    }
}
