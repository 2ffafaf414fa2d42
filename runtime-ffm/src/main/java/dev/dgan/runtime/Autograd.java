package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * libtorch's autograd, driven from Java: mark leaves, run backward, read gradients.
 * Gradients accumulate as in PyTorch; zero them between steps.
 */
public final class Autograd {

    private Autograd() {}

    public static void requiresGrad(Tensor t, boolean requiresGrad) {
        Native.check(TorchAbi.torch_set_requires_grad(t.handle(), requiresGrad), "requires_grad");
    }

    /** Back-propagates from a scalar {@code loss} into every leaf that requires grad. */
    public static void backward(Tensor loss) {
        backward(loss, List.of());
    }

    /** Back-propagates from {@code loss}, accumulating only into {@code inputs} (all leaves if empty). */
    public static void backward(Tensor loss, List<Tensor> inputs) {
        if (loss.numel() != 1) {
            throw new IllegalArgumentException("backward needs a one-element loss, got shape " + Arrays.toString(loss.shape()));
        }
        OpCall.of("aten::_backward").tensor(loss).tensors(inputs).none().none().bool(false).call();
    }

    /** The gradient accumulated in {@code t} (a new owner), or null if there is none yet. */
    public static Tensor grad(Tensor t) {
        GradAccessor.verified();
        MemorySegment g = CxxAbi.gradOf(t.handle());
        if (g.equals(MemorySegment.NULL)) return null;
        return Tensor.own(Native.withPointer(out -> TorchAbi.aoti_torch_new_tensor_handle(g, out), "grad handle"));
    }

    public static boolean isGradEnabled() {
        return TorchAbi.aoti_torch_grad_mode_is_enabled();
    }

    /** Turns graph recording off on this thread until closed (grad mode is per thread). */
    public static NoGrad noGrad() {
        return new NoGrad();
    }

    public static final class NoGrad implements AutoCloseable {
        private final boolean previous = TorchAbi.aoti_torch_grad_mode_is_enabled();

        private NoGrad() {
            TorchAbi.aoti_torch_grad_mode_set_enabled(false);
        }

        @Override
        public void close() {
            TorchAbi.aoti_torch_grad_mode_set_enabled(previous);
        }
    }

    /** Proves the C++ .grad accessor against a known gradient once, before anyone relies on it. */
    private static final class GradAccessor {
        private static final boolean OK = check();

        static void verified() {
            if (!OK) throw new IllegalStateException("unreachable");
        }

        private static boolean check() {
            // the first grad() may come from inside noGrad (Adam.step does that): record regardless
            boolean previous = TorchAbi.aoti_torch_grad_mode_is_enabled();
            TorchAbi.aoti_torch_grad_mode_set_enabled(true);
            try (TensorScope s = TensorScope.open()) {
                Tensor x = Tensor.of(new float[] {1, -2, 3}, 3);
                requiresGrad(x, true);
                if (!CxxAbi.gradOf(x.handle()).equals(MemorySegment.NULL)) {
                    throw new LibTorchLoadException("self-check failed: a fresh tensor reports a gradient");
                }
                Tensor loss = Ops.sum(Ops.mul(x, x));
                backward(loss);
                MemorySegment g = CxxAbi.gradOf(x.handle());
                if (g.equals(MemorySegment.NULL)) throw new LibTorchLoadException("self-check failed: no gradient after backward");
                Tensor grad = Tensor.own(Native.withPointer(out -> TorchAbi.aoti_torch_new_tensor_handle(g, out), "grad"));
                float[] v = grad.toFloatArray();
                if (!Arrays.equals(v, new float[] {2, -4, 6})) {
                    throw new LibTorchLoadException("self-check failed: d/dx sum(x^2) at [1,-2,3] read as "
                            + Arrays.toString(v) + "; this libtorch's C++ layout is not the one dgan expects");
                }
                return true;
            } finally {
                TorchAbi.aoti_torch_grad_mode_set_enabled(previous);
            }
        }
    }
}
