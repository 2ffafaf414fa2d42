package dev.dgan.stylegan.v2;

import dev.dgan.runtime.Tensor;

/**
 * Sees named intermediates as the generator computes them: {@code mapping.fc{i}}, {@code ws},
 * and per block {@code b{R}.conv0}, {@code b{R}.conv1}, {@code b{R}.torgb}, {@code b{R}.x},
 * {@code b{R}.img}. The tensor is borrowed for the call. Only the conv outputs are feature taps;
 * the rest is for tests that compare against reference recordings.
 */
@FunctionalInterface
interface Trace {

    Trace NONE = (name, t) -> { };

    void accept(String name, Tensor t);
}
