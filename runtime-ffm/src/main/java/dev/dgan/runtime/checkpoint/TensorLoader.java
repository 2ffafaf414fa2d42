package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TorchException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks stored tensors against the storages of one file and copies them into libtorch. Shared
 * by the readers of this package, so every format validates and loads the same way.
 *
 * <p>The checks: a supported storage type, a storage key that exists, sizes and strides that
 * are non-negative and of equal count, and {@code storage_offset + 1 + sum((size_i - 1) *
 * stride_i) <= storage numel} (when no size is 0); the storage's declared element count must
 * fit the bytes stored.
 */
final class TensorLoader {

    /** The path of a tensor for messages, given the name it is loaded under. */
    @FunctionalInterface
    interface PathOf {
        String path(String name, StoredTensor t);
    }

    private final Path file;
    private final Storages storages;
    private final Map<StoredTensor, StorageRef> origins;

    /** {@code origins}: the storage each tensor was rebuilt from (identity map), as the unpickler filled it. */
    TensorLoader(Path file, Storages storages, Map<StoredTensor, StorageRef> origins) {
        this.file = file;
        this.storages = storages;
        this.origins = origins;
    }

    /** The checks of the class comment; {@code path} names the tensor in messages. */
    void validate(StoredTensor t, String path) throws CheckpointFormatException {
        StorageRef origin = origins.get(t); // null for a tensor not read from this file
        String key = t.storageKey();
        if (t.dtype() == null) {
            throw new CheckpointFormatException(file, path, "storage type", "expected one of "
                    + TorchTypes.supportedStorageTypes() + ", got " + (origin == null ? "none" : origin.storageType()));
        }
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (stride.length != shape.length) {
            throw new CheckpointFormatException(file, path, "stride", "expected " + shape.length + " strides (one per"
                    + " dimension of size " + Arrays.toString(shape) + "), got " + Arrays.toString(stride));
        }
        for (long s : shape) {
            if (s < 0) throw new CheckpointFormatException(file, path, "size", "expected sizes >= 0, got " + Arrays.toString(shape));
        }
        for (long s : stride) {
            if (s < 0) throw new CheckpointFormatException(file, path, "stride", "expected strides >= 0, got " + Arrays.toString(stride));
        }
        long bytes = storages.byteSize(key);
        if (bytes < 0) {
            throw new CheckpointFormatException(file, path, "storage key", "expected " + storages.expectation(key)
                    + " for storage key '" + key + "', found none");
        }
        long itemSize = t.dtype().byteSize();
        long stored = bytes / itemSize; // elements of this dtype the file holds for the storage
        long viewStart = 0;
        long viewNumel = stored;
        if (origin != null) {
            viewStart = origin.offset();
            viewNumel = origin.numel();
            if (viewNumel > stored || viewStart > stored - viewNumel) {
                throw new CheckpointFormatException(file, path, "storage size", "expected " + storages.where(key)
                        + " to hold " + viewNumel + " elements of " + t.dtype() + " from element " + viewStart
                        + ", as the persistent id declares; it has " + bytes + " bytes (" + stored + " elements)");
            }
        }
        long offset = t.storageOffset() - viewStart;
        if (offset < 0) {
            throw new CheckpointFormatException(file, path, "storage_offset", "expected >= 0, got " + offset);
        }
        long numel;
        long extent;
        try {
            numel = t.numel();
            extent = t.extent();
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file, path, "size", "the element count of sizes " + Arrays.toString(shape)
                    + " with strides " + Arrays.toString(stride) + " overflows");
        }
        if (numel > 0 && (offset > viewNumel || extent > viewNumel - offset)) {
            throw new CheckpointFormatException(file, path, "storage_offset + extent", "expected storage_offset + 1 +"
                    + " sum((size_i - 1) * stride_i) <= " + viewNumel + " (the elements of " + t.dtype() + " in storage '"
                    + key + "'), got " + offset + " + " + extent + " for sizes " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(stride));
        }
    }

    /**
     * A new contiguous CPU tensor with {@code t}'s dtype, shape and elements, validated first.
     * A contiguous tensor gets exactly its elements; a strided one gets the span it covers,
     * viewed with {@link Ops#asStrided} and made contiguous. The caller owns the result; on
     * failure nothing made here stays open.
     */
    Tensor load(StoredTensor t, String path) throws IOException {
        validate(t, path);
        try {
            return copy(t, path);
        } catch (TorchException e) {
            // only allocations fail on a validated tensor: a view with stride 0 may declare any number of elements
            throw new CheckpointFormatException(file, path, "size", "expected a tensor whose contiguous copy can be allocated;"
                    + " sizes " + Arrays.toString(t.shape()) + " with strides " + Arrays.toString(t.stride()) + " hold "
                    + t.numel() + " elements of " + t.dtype() + ": " + e.getMessage(), e);
        }
    }

    private Tensor copy(StoredTensor t, String path) throws IOException {
        DType dtype = t.dtype();
        long[] shape = t.shape();
        if (t.numel() == 0) return Tensor.empty(dtype, Device.CPU, shape);
        if (t.isContiguous()) {
            Tensor out = Tensor.empty(dtype, Device.CPU, shape);
            try {
                fill(out, t, path);
                return out;
            } catch (IOException | RuntimeException | Error e) {
                out.close();
                throw e;
            }
        }
        Tensor span = Tensor.empty(dtype, Device.CPU, t.extent());
        try {
            fill(span, t, path);
            try (Tensor view = Ops.asStrided(span, shape, t.stride(), 0)) {
                return Ops.contiguous(view);
            }
        } finally {
            span.close();
        }
    }

    /**
     * Loads each tensor of {@code wanted}, keeping its names and order. A StoredTensor listed
     * under several names is read once; the others share it. On failure every tensor made so
     * far is closed.
     */
    Map<String, Tensor> loadAll(Map<String, StoredTensor> wanted, PathOf pathOf) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<StoredTensor, Tensor> done = new IdentityHashMap<>();
        try {
            for (Map.Entry<String, StoredTensor> e : wanted.entrySet()) {
                Tensor first = done.get(e.getValue());
                Tensor t = first != null ? first.share() : load(e.getValue(), pathOf.path(e.getKey(), e.getValue()));
                Tensor replaced = out.put(e.getKey(), t);
                if (replaced != null) replaced.close();
                done.putIfAbsent(e.getValue(), t);
            }
            return out;
        } catch (IOException | RuntimeException | Error e) {
            closeAll(out.values(), e);
            throw e;
        }
    }

    static void closeAll(Iterable<Tensor> tensors, Throwable failure) {
        for (Tensor t : tensors) {
            try {
                t.close();
            } catch (RuntimeException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /** Copies the elements {@code dst} holds, starting at the tensor's storage offset, into it. */
    private void fill(Tensor dst, StoredTensor t, String path) throws IOException {
        MemorySegment segment = dst.data();
        long itemSize = t.dtype().byteSize();
        try {
            storages.read(t.storageKey(), t.storageOffset() * itemSize, segment);
        } catch (IOException e) {
            throw new CheckpointFormatException(file, path, "storage data", "could not read " + segment.byteSize()
                    + " bytes from " + storages.where(t.storageKey()) + ": " + e.getMessage(), e);
        }
        if (storages.order(t.storageKey()) != ByteOrder.nativeOrder()) swapBytes(segment, (int) itemSize);
    }

    private static void swapBytes(MemorySegment s, int itemSize) {
        long n = s.byteSize() / itemSize;
        switch (itemSize) {
            case 2 -> {
                for (long i = 0; i < n; i++) s.set(ValueLayout.JAVA_SHORT, 2 * i, Short.reverseBytes(s.get(ValueLayout.JAVA_SHORT, 2 * i)));
            }
            case 4 -> {
                for (long i = 0; i < n; i++) s.set(ValueLayout.JAVA_INT, 4 * i, Integer.reverseBytes(s.get(ValueLayout.JAVA_INT, 4 * i)));
            }
            case 8 -> {
                for (long i = 0; i < n; i++) s.set(ValueLayout.JAVA_LONG, 8 * i, Long.reverseBytes(s.get(ValueLayout.JAVA_LONG, 8 * i)));
            }
            default -> { } // one-byte elements have no byte order
        }
    }
}
