package dev.dgan.stylegan.v2;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deterministic NVlabs state dict of the right shapes for any config, scaled like the
 * reference initialisation: randn weights (mapping weights / lr_multiplier), affine biases 1,
 * small random biases and noise strengths, the config's FIR filter. The caller owns the tensors.
 * For benchmarks and tests of realistic sizes without a checkpoint.
 */
public final class RandomWeights {

    private RandomWeights() {}

    public static Map<String, Tensor> stateDict(StyleGan2Config c, long seed) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        try (Generator g = Generator.seeded(seed); Tensor filter = RosinalityLayout.defaultFilter(c)) {
            for (Map.Entry<String, long[]> e : StyleGan2Weights.expectedShapes(c).entrySet()) {
                String n = e.getKey();
                long[] s = e.getValue();
                Tensor t;
                if (n.endsWith("resample_filter")) t = Ops.clone(filter);
                else if (n.endsWith("affine.bias")) t = Ops.normal(g, 1, 0.1, DType.F32, Device.CPU, s);
                else if (n.startsWith("mapping.fc") && n.endsWith(".weight")) t = Ops.normal(g, 0, 1 / c.lrMultiplier(), DType.F32, Device.CPU, s);
                else if (n.startsWith("mapping.fc") && n.endsWith(".bias")) t = Ops.normal(g, 0, 0.1 / c.lrMultiplier(), DType.F32, Device.CPU, s);
                else if (n.endsWith("noise_strength")) t = Ops.normal(g, 0.1, 0.02, DType.F32, Device.CPU, s);
                else if (n.endsWith(".bias")) t = Ops.normal(g, 0, 0.1, DType.F32, Device.CPU, s);
                else if (n.equals("mapping.w_avg")) t = Ops.normal(g, 0, 0.5, DType.F32, Device.CPU, s);
                else t = Ops.randn(g, DType.F32, Device.CPU, s);
                sd.put(n, t);
            }
        }
        return sd;
    }

    public static void close(Map<String, Tensor> sd) {
        sd.values().forEach(Tensor::close);
    }

    /** A backbone of {@code config} with {@link #stateDict} weights, on {@code device}. */
    public static StyleGan2Backbone backbone(StyleGan2Config config, long seed, Device device) {
        Map<String, Tensor> sd = stateDict(config, seed);
        try {
            return StyleGan2Backbone.fromStateDict(sd, config, device, "random weights (seed " + seed + ")",
                    StyleGan2Backbone.Options.DEFAULT);
        } finally {
            close(sd);
        }
    }
}
