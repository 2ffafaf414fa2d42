package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Map;

/**
 * Refuses NaN and infinite values where they can only be damage: checkpoint weights, saved
 * models and latents. A diverged or corrupted file would otherwise load without a word and
 * render black images or train a model of NaNs.
 */
public final class FiniteValues {

    private FiniteValues() {}

    /** Every floating-point tensor of {@code tensors} is finite; else the first that is not is named. */
    public static void require(String file, Map<String, Tensor> tensors) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) require(file, e.getKey(), e.getValue());
    }

    /**
     * {@code tensor} holds finite values only, else an IllegalArgumentException naming the file,
     * the tensor and how many values are NaN or infinite.
     */
    public static void require(String file, String name, Tensor tensor) {
        if (!tensor.dtype().isFloatingPoint() || tensor.numel() == 0) return;
        try (TensorScope s = TensorScope.open()) {
            // max |x| is NaN or infinite exactly when some element is
            double largest = Ops.max(Ops.abs(tensor)).item();
            if (Double.isFinite(largest)) return;
            long bad = tensor.numel() - (long) Ops.sum(Ops.isfinite(tensor)).item();
            throw new IllegalArgumentException(file + ": tensor " + name + " holds " + bad + " NaN or infinite values of "
                    + tensor.numel() + "; expected finite numbers (a corrupt file, or saved after training diverged)");
        }
    }
}
