package dev.dgan.tasks.mlp;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

/** Casts into an interpreter's compute type, and back to float32 for everything after the logits. */
public final class Compute {

    private Compute() {}

    /**
     * {@code t} in {@code type} on its own device: {@code t} itself when it already is (so a
     * float32 run makes no copies), else a new tensor in the current scope.
     */
    public static Tensor as(Tensor t, DType type) {
        return t.dtype() == type ? t : Ops.toCopy(t, type, t.device());
    }

    /** Logits as float32, so softmax, vote and Jensen-Shannon never run in reduced precision. */
    public static Tensor logits(Tensor t) {
        return as(t, DType.F32);
    }
}
