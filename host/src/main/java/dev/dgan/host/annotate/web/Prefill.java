package dev.dgan.host.annotate.web;

import java.util.Optional;

/**
 * A model's reading of a sample, offered as the starting point of a new annotation: the class
 * per pixel and which pixels the ensemble disagrees on. Empty when there is no model or the
 * sample cannot be re-rendered (no seed).
 */
public interface Prefill {

    /** Labels (class id per pixel, row-major) and uncertain pixels (1 = check this pixel). */
    record Prediction(byte[] labels, byte[] uncertain) {}

    Optional<Prediction> predict(SampleStore.Entry sample) throws Exception;

    Prefill NONE = sample -> Optional.empty();
}
