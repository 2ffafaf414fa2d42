package dev.dgan.runtime.safetensors;

import dev.dgan.runtime.DType;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor to hand to {@link SafetensorsWriter}. {@code bytes} must already be in little-endian
 * element order, which is what safetensors stores; the writer copies them verbatim.
 */
public record TensorData(String name, DType dtype, long[] shape, MemorySegment bytes) {

    public TensorData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(bytes, "bytes");
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape "
                        + Arrays.toString(shape));
            }
        }
        long expected;
        try {
            expected = Math.multiplyExact(Shapes.numel(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                    + " of " + dtype + " overflows a 64-bit byte count", e);
        }
        if (bytes.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': expected " + expected + " bytes for "
                    + dtype + Arrays.toString(shape) + ", got " + bytes.byteSize());
        }
    }

    /** The tensors of a CPU state dict (contiguous, as loaded or made there), in its order; they must outlive the write. */
    public static java.util.List<TensorData> of(java.util.Map<String, dev.dgan.runtime.Tensor> stateDict) {
        return stateDict.entrySet().stream()
                .map(e -> new TensorData(e.getKey(), e.getValue().dtype(), e.getValue().shape(), e.getValue().data()))
                .toList();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return "TensorData[" + name + ", " + dtype + Arrays.toString(shape) + ", " + bytes.byteSize() + " bytes]";
    }
}
