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

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return "TensorData[" + name + ", " + dtype + Arrays.toString(shape) + ", " + bytes.byteSize() + " bytes]";
    }
}
