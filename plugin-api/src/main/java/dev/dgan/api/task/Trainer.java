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

    /**
     * Trains on {@code samples}. Tasks that keep only what they draw from each sample (the
     * pixel tasks) take the default: {@link #add} every sample once, then {@link #fit(TrainingListener)}.
     * Tasks that need whole feature maps in every step override it and ask for one batch at a time.
     */
    default Trained fit(AnnotatedSamples samples, TrainingListener listener) {
        for (int i = 0; i < samples.size(); i++) {
            Annotation target = samples.annotation(i);
            samples.withFeatures(new int[] {i}, taps -> add(taps, target));
        }
        return fit(listener);
    }

    @Override
    void close();

    /**
     * The model with the weights training would start from, not trained on anything: a model of
     * the real shape for benchmarks and for checking a machine before there are annotations.
     * Tasks without such a form keep the default.
     */
    default Trained untrained() {
        throw new UnsupportedOperationException("this task cannot make an untrained model");
    }

    record Trained(Interpreter interpreter, TrainReport report) {}
}
