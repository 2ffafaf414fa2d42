package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float32 copies on one device of the tensors one model part reads, under their state-dict
 * names without the checkpoint prefix. Owns its tensors.
 */
final class Weights implements AutoCloseable {

    private final Device device;
    private final Map<String, Tensor> tensors;

    private Weights(Device device, Map<String, Tensor> tensors) {
        this.device = device;
        this.tensors = tensors;
    }

    /**
     * Checks every expected name and shape in {@code stateDict} (names there carry {@code prefix})
     * before copying anything, then copies. The caller keeps ownership of {@code stateDict}.
     *
     * @param source names the file in error messages
     * @param what   the part being read, for error messages (e.g. "VQGAN decoder")
     */
    static Weights copy(Map<String, Tensor> stateDict, String prefix, Map<String, long[]> expected, String source,
                        String what, Device device) {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String key = prefix + e.getKey();
            Tensor t = stateDict.get(key);
            if (t == null) {
                throw new IllegalArgumentException(source + ": missing tensor " + key + " (expected shape "
                        + Arrays.toString(e.getValue()) + ") of the " + what + "; does the config match the checkpoint?");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException(source + ": tensor " + key + ": expected shape "
                        + Arrays.toString(e.getValue()) + " from the config, got " + Arrays.toString(t.shape()));
            }
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(source + ": tensor " + key + ": expected floating point, got " + t.dtype());
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try {
            for (String name : expected.keySet()) {
                out.put(name, TensorScope.release(Ops.toCopy(stateDict.get(prefix + name), DType.F32, device)));
            }
        } catch (RuntimeException e) {
            out.values().forEach(Tensor::close);
            throw e;
        }
        return new Weights(device, out);
    }

    Device device() {
        return device;
    }

    /** The tensor {@code name}; borrowed. */
    Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no weight " + name);
        return t;
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
        tensors.clear();
    }
}
