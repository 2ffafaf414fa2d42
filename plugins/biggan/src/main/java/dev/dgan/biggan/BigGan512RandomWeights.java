package dev.dgan.biggan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deterministic BigGAN-PyTorch state dict of the right shapes for any config, for benchmarks
 * and tests at real sizes without a checkpoint: small normal weights and biases (spectral norm
 * rescales the weights anyway), u0 ~ N(0, 1) as at construction, batch-norm statistics near
 * (0, 1), attention gamma 0.5. The caller owns the tensors.
 */
public final class BigGan512RandomWeights {

    private BigGan512RandomWeights() {}

    public static Map<String, Tensor> stateDict(BigGan512Config c, long seed) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        try (Generator g = Generator.seeded(seed)) {
            for (Map.Entry<String, long[]> e : BigGan512Weights.expectedShapes(c).entrySet()) {
                String n = e.getKey();
                long[] s = e.getValue();
                Tensor t;
                if (n.endsWith(".u0") || n.equals("shared.weight")) t = Ops.randn(g, DType.F32, Device.CPU, s);
                else if (n.endsWith("stored_var")) t = Ops.normal(g, 1, 0.05, DType.F32, Device.CPU, s);
                else if (n.endsWith(".gamma")) t = Ops.full(0.5, DType.F32, Device.CPU, s);
                else if (n.equals("output_layer.0.gain")) t = Ops.normal(g, 1, 0.05, DType.F32, Device.CPU, s);
                else t = Ops.normal(g, 0, 0.02, DType.F32, Device.CPU, s);
                sd.put(n, t);
            }
        } catch (RuntimeException e) {
            sd.values().forEach(Tensor::close);
            throw e;
        }
        return sd;
    }

    /** A backbone of {@code config} with {@link #stateDict} weights, on {@code device}. */
    public static BigGan512Backbone backbone(BigGan512Config config, long seed, Device device) {
        Map<String, Tensor> sd = stateDict(config, seed);
        try {
            return BigGan512Backbone.fromStateDict(sd, config, "random weights (seed " + seed + ")", device);
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
