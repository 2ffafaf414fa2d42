package dev.dgan.api;

import dev.dgan.runtime.Tensor;

/**
 * Receives feature maps as a backbone computes them. The tensor is borrowed: copy or
 * {@code share()} it to keep it beyond the call.
 */
@FunctionalInterface
public interface FeatureSink {

    FeatureSink NONE = (tap, map) -> { };

    void accept(FeatureTap tap, Tensor map);
}
