package dev.dgan.tasks.mlp;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-pixel feature vectors of chosen pixels, exactly as upsample + concat would give them,
 * computed one tap at a time so that only one tap is ever held at full resolution.
 */
public final class FeatureGather {

    private FeatureGather() {}

    /** Features [pixels.length, dim] of sample 0 of {@code taps} at row-major pixel indices; owned by the caller. */
    public static Tensor at(Map<String, Tensor> taps, TapLayout layout, long[] pixels) {
        layout.checkBatch(taps);
        int h = layout.height(), w = layout.width();
        try (TensorScope scope = TensorScope.open()) {
            Tensor index = Tensor.of(pixels, pixels.length);
            List<Tensor> parts = new ArrayList<>();
            for (FeatureTap t : layout.taps()) {
                try (TensorScope one = TensorScope.open()) {
                    Tensor f = Ops.narrow(taps.get(t.name()), 0, 0, 1);
                    Tensor up = layout.isFullResolution(t) ? f : NN.upsampleBilinear(f, h, w, false);
                    Tensor flat = Ops.reshape(up, t.channels(), (long) h * w);
                    parts.add(one.keep(Ops.indexSelect(flat, 1, index.to(flat.device()))));
                }
            }
            return TensorScope.release(Ops.contiguous(Ops.transpose(Ops.cat(parts, 0), 0, 1)));
        }
    }
}
