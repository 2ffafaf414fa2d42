package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * Keys and values of every layer for the positions seen so far, in buffers of the full block
 * size allocated once ([B, heads, block_size, head_dim] per layer), so a step writes one slot
 * instead of concatenating the whole history as the reference does. Owns its buffers.
 */
public final class KvCache implements AutoCloseable {

    private final Tensor[] keys;
    private final Tensor[] values;
    private int length;

    KvCache(GptConfig config, long batch, Device device) {
        keys = new Tensor[config.nLayer()];
        values = new Tensor[config.nLayer()];
        try {
            for (int i = 0; i < config.nLayer(); i++) {
                keys[i] = TensorScope.release(Ops.zeros(DType.F32, device, batch, config.nHead(), config.blockSize(),
                        config.headDim()));
                values[i] = TensorScope.release(Ops.zeros(DType.F32, device, batch, config.nHead(), config.blockSize(),
                        config.headDim()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Positions cached so far. */
    public int length() {
        return length;
    }

    void append(int layer, int pos, Tensor k, Tensor v) {
        try (Tensor ks = Ops.narrow(keys[layer], 2, pos, 1); Tensor vs = Ops.narrow(values[layer], 2, pos, 1)) {
            ks.copyFrom(k);
            vs.copyFrom(v);
        }
    }

    /** The first {@code n} cached keys of {@code layer}: a view, owned by the open scope. */
    Tensor keys(int layer, int n) {
        return Ops.narrow(keys[layer], 2, 0, n);
    }

    Tensor values(int layer, int n) {
        return Ops.narrow(values[layer], 2, 0, n);
    }

    void advance() {
        length++;
    }

    @Override
    public void close() {
        for (Tensor t : keys) if (t != null) t.close();
        for (Tensor t : values) if (t != null) t.close();
    }
}
