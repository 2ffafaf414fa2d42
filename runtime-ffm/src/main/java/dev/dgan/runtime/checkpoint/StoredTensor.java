package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as a checkpoint stores it: a strided view of one storage. Sizes, strides and the
 * offset count elements of {@code dtype}. Nothing is read until {@link TorchCheckpoint#load}.
 *
 * <p>{@code storageKey} names the storage inside the file ({@code <archive>/data/<key>} in the zip
 * format, an entry of the storage key list in the legacy format). For a legacy storage view the
 * key is the root storage's and the offset is counted from the root's start.
 * {@code dtype} is null only while the storage type is unsupported; {@link TorchCheckpoint#read}
 * rejects such tensors, so every StoredTensor it hands out has one.
 */
public record StoredTensor(String storageKey, DType dtype, long[] shape, long[] stride, long storageOffset) {

    public StoredTensor {
        Objects.requireNonNull(storageKey, "storageKey");
        shape = shape.clone();
        stride = stride.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long[] stride() {
        return stride.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Element count (1 for a 0-dim tensor); ArithmeticException if it overflows. */
    public long numel() {
        long n = 1;
        for (long s : shape) n = Math.multiplyExact(n, s);
        return n;
    }

    /**
     * True when the elements lie in storage in row-major order with no gaps, so the bytes can be
     * copied as they are. Dimensions of size 1 may have any stride, as in libtorch.
     */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) return false;
            expected = Math.multiplyExact(expected, shape[i]);
        }
        return true;
    }

    /**
     * How many storage elements the view spans from its offset: 1 + sum((size_i - 1) * stride_i),
     * or 0 when it has no elements. ArithmeticException if it overflows.
     */
    public long extent() {
        long span = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0) return 0;
            span = Math.addExact(span, Math.multiplyExact(shape[i] - 1, stride[i]));
        }
        return Math.addExact(span, 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredTensor t && storageKey.equals(t.storageKey) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && Arrays.equals(stride, t.stride) && storageOffset == t.storageOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(storageKey, dtype, Arrays.hashCode(shape), Arrays.hashCode(stride), storageOffset);
    }

    @Override
    public String toString() {
        return "StoredTensor[" + dtype + Arrays.toString(shape) + " stride " + Arrays.toString(stride)
                + " in storage '" + storageKey + "' at " + storageOffset + "]";
    }
}
