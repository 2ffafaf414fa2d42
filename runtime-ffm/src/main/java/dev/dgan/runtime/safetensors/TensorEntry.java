package dev.dgan.runtime.safetensors;

import dev.dgan.runtime.DType;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One tensor of an open {@link SafetensorsFile}. {@code data} is a read-only slice of the file's
 * mapping (little-endian, as safetensors stores it), valid until the file is closed.
 */
public record TensorEntry(String name, DType dtype, long[] shape, MemorySegment data) {

    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Element count; 1 for a 0-dim scalar. Cannot overflow: the parser checked it. */
    public long numel() {
        return Shapes.numel(shape);
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public String toString() {
        return "TensorEntry[" + name + ", " + dtype + Arrays.toString(shape) + ", " + data.byteSize() + " bytes]";
    }
}
