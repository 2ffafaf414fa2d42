package dev.dgan.api;

import dev.dgan.runtime.Tensor;

/**
 * Receives feature maps as a backbone computes them. The tensor is borrowed and valid only
 * during the call. Tensors the sink creates inside the call belong to the backbone's open
 * {@code TensorScope} and are freed when {@code synthesize} returns; to keep one, take it out
 * with {@code TensorScope.release(copy)} and close it yourself.
 */
@FunctionalInterface
public interface FeatureSink {

    FeatureSink NONE = (tap, map) -> { };

    void accept(FeatureTap tap, Tensor map);
}
