package dev.dgan.api.task;

import dev.dgan.runtime.Tensor;

import java.util.Map;

/**
 * Collects annotated samples, then fits. {@link #add} is called once per annotated sample
 * with that sample's feature maps ([1, C, r, r] per tap name, borrowed: copy what you keep).
 */
public interface Trainer extends AutoCloseable {

    void add(Map<String, Tensor> taps, Annotation target);

    /** Trains every model of the ensemble; the interpreter belongs to the caller. */
    Trained fit(TrainingListener listener);

    @Override
    void close();

    record Trained(Interpreter interpreter, TrainReport report) {}
}
