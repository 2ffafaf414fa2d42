package dev.dgan.host.select;

import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A feature sink that keeps, per sample of a batch, each tap global-average-pooled to one value
 * per channel. {@link #vectors} normalises each tap's part to unit length before concatenating,
 * so a tap with many channels or large activations does not outweigh the others, and divides by
 * the square root of the tap count, so every vector has length 1.
 */
final class PooledTaps implements FeatureSink {

    private final List<float[]> perTap = new ArrayList<>(); // [batch * channels] per tap
    private final List<Integer> channels = new ArrayList<>();

    @Override
    public void accept(FeatureTap tap, Tensor map) {
        long[] shape = map.shape();
        // called inside the caller's tensor scope, which frees the pooled copies
        perTap.add(Ops.toCopy(Ops.mean(map, new long[] {2, 3}, false), DType.F32, Device.CPU).toFloatArray());
        channels.add((int) shape[1]);
    }

    /** One unit-length vector per batch element. */
    float[][] vectors(int batch) {
        int total = channels.stream().mapToInt(Integer::intValue).sum();
        float[][] out = new float[batch][total];
        double scale = 1 / Math.sqrt(perTap.size());
        for (int b = 0; b < batch; b++) {
            int at = 0;
            for (int t = 0; t < perTap.size(); t++) {
                int c = channels.get(t);
                float[] values = perTap.get(t);
                double norm = 0;
                for (int j = 0; j < c; j++) norm += (double) values[b * c + j] * values[b * c + j];
                norm = Math.sqrt(norm);
                for (int j = 0; j < c; j++) out[b][at + j] = (float) (norm == 0 ? 0 : values[b * c + j] / norm * scale);
                at += c;
            }
        }
        return out;
    }
}
