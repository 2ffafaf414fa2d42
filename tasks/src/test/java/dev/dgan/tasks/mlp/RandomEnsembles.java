package dev.dgan.tasks.mlp;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Random ensembles (BatchNorm statistics included) and StyleGAN-like tap pyramids for tests and benchmarks. */
public final class RandomEnsembles {

    private RandomEnsembles() {}

    /** A small pyramid ending at 32 px: two taps at full resolution, several below. */
    public static TapLayout pyramid32() {
        return new TapLayout(List.of(new FeatureTap("b4.conv1", 8, 4), new FeatureTap("b8.conv0", 6, 8), new FeatureTap("b8.conv1", 6, 8),
                new FeatureTap("b16.conv0", 5, 16), new FeatureTap("b16.conv1", 5, 16), new FeatureTap("b32.conv0", 4, 32),
                new FeatureTap("b32.conv1", 4, 32)), 32, 32);
    }

    public static MlpEnsemble ensemble(MlpShape s, int models, long seed) {
        try (Generator g = Generator.seeded(seed); TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> t = new LinkedHashMap<>();
            for (var e : MlpEnsemble.expectedShapes(s, models).entrySet()) {
                String name = e.getKey();
                Tensor v;
                if (name.endsWith("running_var")) v = Ops.add(Ops.abs(Ops.randn(g, DType.F32, Device.CPU, e.getValue())), 0.5);
                else if (name.startsWith("bn") && name.endsWith(".weight")) v = Ops.add(Ops.mul(Ops.randn(g, DType.F32, Device.CPU, e.getValue()), 0.2), 1.0);
                else v = Ops.mul(Ops.randn(g, DType.F32, Device.CPU, e.getValue()), name.startsWith("l") && name.endsWith("weight") ? 0.3 : 0.1);
                t.put(name, Ops.contiguous(v));
            }
            t.values().forEach(TensorScope::release);
            return MlpEnsemble.adopt(s, models, t, "random");
        }
    }

    /** Random feature maps [batch, C, r, r] for every tap of {@code layout}; the caller closes them. */
    public static Map<String, Tensor> features(TapLayout layout, int batch, long seed) {
        Map<String, Tensor> maps = new LinkedHashMap<>();
        try (Generator g = Generator.seeded(seed)) {
            for (FeatureTap t : layout.taps())
                maps.put(t.name(), TensorScope.release(Ops.randn(g, DType.F32, Device.CPU, batch, t.channels(), t.resolution(), t.resolution())));
        }
        return maps;
    }
}
