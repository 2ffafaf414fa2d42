package dev.dgan.vqgan;

import dev.dgan.runtime.Tensor;

/** Receives named intermediates of a forward pass; the tensor is borrowed for the call. */
@FunctionalInterface
public interface Trace {

    Trace NONE = (name, t) -> { };

    void accept(String name, Tensor t);
}
