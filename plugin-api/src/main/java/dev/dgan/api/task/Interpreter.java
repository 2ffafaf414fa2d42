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

    /** Writes the model into {@code dir} (weights as safetensors plus the task's JSON), atomically per file. */
    void save(Path dir) throws IOException;

    @Override
    void close();

    /** Floating-point operations of labeling one image (2 per multiply-add), from the model's shape; empty when unknown. */
    default OptionalDouble flopsPerImage() {
        return OptionalDouble.empty();
    }
}
