package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One owning reference to a libtorch tensor. Each Tensor frees its handle exactly once, on
 * {@link #close()} or when the {@link TensorScope} it was created in closes. {@link #share()}
 * makes a second owner of the same storage.
 *
 * <p>A tensor made over a Java-managed {@link MemorySegment} ({@link #wrap}) keeps that
 * segment reachable and refuses to be used once the segment's arena is closed, so it never
 * reads freed memory.
 */
public final class Tensor implements AutoCloseable {

    private static final AtomicLong LIVE = new AtomicLong();

    private MemorySegment handle;
    private final MemorySegment backing;
    TensorScope owner;

    Tensor(MemorySegment handle, MemorySegment backing) {
        this.handle = handle;
        this.backing = backing;
        LIVE.incrementAndGet();
        TensorScope.adopt(this);
    }

    /** Takes ownership of a handle libtorch returned. */
    static Tensor own(MemorySegment handle) {
        if (handle.equals(MemorySegment.NULL)) throw new TorchException("libtorch returned a null tensor handle");
        return new Tensor(handle, null);
    }

    /**
     * Takes ownership of a handle an op returned, given the Java memory its tensor arguments
     * wrap (null: none). A result whose data lies in one of those segments is a view of it and
     * gets the same use-after-free guard as the wrapping tensor.
     */
    static Tensor own(MemorySegment handle, java.util.List<MemorySegment> argumentBackings) {
        if (argumentBackings == null) return own(handle);
        if (handle.equals(MemorySegment.NULL)) throw new TorchException("libtorch returned a null tensor handle");
        MemorySegment aliased = null;
        try {
            long ptr = Native.withPointer(out -> TorchAbi.aoti_torch_get_data_ptr(handle, out), "data_ptr").address();
            for (MemorySegment b : argumentBackings) {
                if (ptr >= b.address() && ptr < b.address() + Math.max(b.byteSize(), 1)) aliased = b;
            }
        } catch (RuntimeException e) {
            TorchAbi.aoti_torch_delete_tensor_object(handle);
            throw e;
        }
        return new Tensor(handle, aliased);
    }

    /** The Java memory this tensor wraps ({@link #wrap}), or null. */
    MemorySegment backing() {
        return backing;
    }

    /** Tensors created and not yet freed, process-wide. For leak tests and diagnostics. */
    public static long liveCount() {
        return LIVE.get();
    }

    // ----- creation ---------------------------------------------------------------------

    /** Uninitialised contiguous tensor. */
    public static Tensor empty(DType dtype, Device device, long... shape) {
        LibTorch.get();
        checkShape(shape);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sizes = a.allocateFrom(ValueLayout.JAVA_LONG, shape);
            MemorySegment strides = a.allocateFrom(ValueLayout.JAVA_LONG, contiguousStrides(shape));
            return own(Native.withPointer(out -> TorchAbi.aoti_torch_empty_strided(shape.length, sizes, strides,
                    dtype.torchCode(), device.type(), device.index(), out), "empty " + Arrays.toString(shape)));
        }
    }

    public static Tensor of(float[] values, long... shape) {
        return fromHeap(MemorySegment.ofArray(values), DType.F32, values.length, shape);
    }

    public static Tensor of(double[] values, long... shape) {
        return fromHeap(MemorySegment.ofArray(values), DType.F64, values.length, shape);
    }

    public static Tensor of(long[] values, long... shape) {
        return fromHeap(MemorySegment.ofArray(values), DType.I64, values.length, shape);
    }

    public static Tensor of(int[] values, long... shape) {
        return fromHeap(MemorySegment.ofArray(values), DType.I32, values.length, shape);
    }

    public static Tensor of(byte[] values, DType dtype, long... shape) {
        if (dtype.byteSize() != 1) throw new IllegalArgumentException("byte[] holds 1-byte elements, not " + dtype);
        return fromHeap(MemorySegment.ofArray(values), dtype, values.length, shape);
    }

    /** A 0-dim float64 tensor on the CPU; libtorch lets such scalars mix with tensors on any device. */
    public static Tensor scalar(double value) {
        LibTorch.get();
        return own(Native.withPointer(out -> TorchAbi.aoti_torch_scalar_to_tensor_float64(value, out), "scalar"));
    }

    private static Tensor fromHeap(MemorySegment values, DType dtype, long count, long[] shape) {
        if (count != numel(shape)) {
            throw new IllegalArgumentException(count + " values do not fill shape " + Arrays.toString(shape)
                    + " (" + numel(shape) + " elements)");
        }
        Tensor t = empty(dtype, Device.CPU, shape);
        MemorySegment.copy(values, 0, t.data(), 0, count * dtype.byteSize());
        return t;
    }

    /**
     * A tensor over {@code segment} without copying (CPU, contiguous). The segment must hold
     * exactly shape x itemsize bytes and stay alive while the tensor is used; use after its
     * arena closes is an IllegalStateException, not a crash.
     */
    public static Tensor wrap(MemorySegment segment, DType dtype, long... shape) {
        LibTorch.get();
        checkShape(shape);
        long bytes = numel(shape) * dtype.byteSize();
        if (segment.byteSize() != bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes cannot hold " + dtype
                    + Arrays.toString(shape) + " (" + bytes + " bytes)");
        }
        if (!segment.isNative()) throw new IllegalArgumentException("only native (off-heap) segments can be wrapped");
        if (segment.address() % dtype.byteSize() != 0) {
            throw new IllegalArgumentException("segment address is not aligned to " + dtype.byteSize() + " bytes");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sizes = a.allocateFrom(ValueLayout.JAVA_LONG, shape);
            MemorySegment strides = a.allocateFrom(ValueLayout.JAVA_LONG, contiguousStrides(shape));
            MemorySegment h = Native.withPointer(out -> TorchAbi.aoti_torch_create_tensor_from_blob_v2(segment,
                    shape.length, sizes, strides, 0, dtype.torchCode(), Device.CPU.type(), Device.CPU.index(), out,
                    TorchAbi.aoti_torch_layout_strided(), MemorySegment.NULL, 0), "wrap segment");
            return new Tensor(h, segment);
        }
    }

    // ----- metadata ---------------------------------------------------------------------

    /** The handle for a borrowing call; checks that this tensor and what it points into are alive. */
    MemorySegment handle() {
        if (handle == null) throw new IllegalStateException("tensor is closed");
        if (backing != null && !backing.scope().isAlive()) {
            throw new IllegalStateException("the memory this tensor wraps has been freed (its arena is closed)");
        }
        return handle;
    }

    /** A new owning handle to the same tensor, for a callee that takes ownership. */
    MemorySegment newHandle() {
        MemorySegment h = handle();
        return Native.withPointer(out -> TorchAbi.aoti_torch_new_tensor_handle(h, out), "new tensor handle");
    }

    public boolean isClosed() {
        return handle == null;
    }

    public int dim() {
        MemorySegment h = handle();
        return (int) Native.withLong(out -> TorchAbi.aoti_torch_get_dim(h, out), "dim");
    }

    public long[] shape() {
        MemorySegment h = handle();
        int dim = dim();
        MemorySegment sizes = Native.withPointer(out -> TorchAbi.aoti_torch_get_sizes(h, out), "sizes");
        return sizes.reinterpret(8L * dim).toArray(ValueLayout.JAVA_LONG);
    }

    public long size(int d) {
        long[] s = shape();
        return s[d < 0 ? d + s.length : d];
    }

    public long[] strides() {
        MemorySegment h = handle();
        int dim = dim();
        MemorySegment strides = Native.withPointer(out -> TorchAbi.aoti_torch_get_strides(h, out), "strides");
        return strides.reinterpret(8L * dim).toArray(ValueLayout.JAVA_LONG);
    }

    public long numel() {
        MemorySegment h = handle();
        return Native.withLong(out -> TorchAbi.aoti_torch_get_numel(h, out), "numel");
    }

    public DType dtype() {
        MemorySegment h = handle();
        return DType.fromTorchCode(Native.withInt(out -> TorchAbi.aoti_torch_get_dtype(h, out), "dtype"));
    }

    public Device device() {
        MemorySegment h = handle();
        int type = Native.withInt(out -> TorchAbi.aoti_torch_get_device_type(h, out), "device type");
        int index = Native.withInt(out -> TorchAbi.aoti_torch_get_device_index(h, out), "device index");
        return type == Device.CPU_TYPE ? Device.CPU : new Device(type, index);
    }

    public boolean isContiguous() {
        MemorySegment h = handle();
        return Native.withBool(out -> TorchAbi.aoti_torch_is_contiguous(h, out), "is_contiguous");
    }

    /**
     * The elements of a contiguous CPU tensor, as a segment over libtorch's memory (no copy).
     * Valid while this tensor is open.
     */
    public MemorySegment data() {
        if (!device().isCpu()) throw new IllegalStateException("data() needs a CPU tensor, this one is on " + device());
        if (!isContiguous()) throw new IllegalStateException("data() needs a contiguous tensor; call contiguous()");
        MemorySegment h = handle();
        MemorySegment ptr = Native.withPointer(out -> TorchAbi.aoti_torch_get_data_ptr(h, out), "data_ptr");
        return ptr.reinterpret(numel() * dtype().byteSize());
    }

    // ----- values -----------------------------------------------------------------------

    public float[] toFloatArray() {
        try (Tensor c = readable(DType.F32)) {
            return c.data().toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    public double[] toDoubleArray() {
        try (Tensor c = readable(DType.F64)) {
            return c.data().toArray(ValueLayout.JAVA_DOUBLE);
        }
    }

    public long[] toLongArray() {
        try (Tensor c = readable(DType.I64)) {
            return c.data().toArray(ValueLayout.JAVA_LONG);
        }
    }

    public int[] toIntArray() {
        try (Tensor c = readable(DType.I32)) {
            return c.data().toArray(ValueLayout.JAVA_INT);
        }
    }

    public byte[] toByteArray() {
        try (Tensor c = readable(DType.U8)) {
            return c.data().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The single value of a one-element tensor, as a double. */
    public double item() {
        if (numel() != 1) throw new IllegalStateException("item() needs one element, tensor has shape " + Arrays.toString(shape()));
        try (Tensor c = readable(DType.F64)) {
            MemorySegment out = Native.scratch().out;
            Native.check(TorchAbi.aoti_torch_item_float64(c.handle(), out), "item");
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    /** A contiguous CPU tensor of the given dtype: a new reference to this one when it already is. */
    private Tensor readable(DType want) {
        if (device().isCpu() && dtype() == want && isContiguous()) return share();
        Tensor c = Ops.toCopy(this, want, Device.CPU); // preserves strides: a transposed view stays transposed
        if (c.isContiguous()) return c;
        try (c) {
            return Ops.contiguous(c);
        }
    }

    // ----- copies and references -----------------------------------------------------------

    /** A second owner of the same tensor (same storage, same autograd identity). */
    public Tensor share() {
        return new Tensor(newHandle(), backing);
    }

    /** A copy on {@code device}; a new reference when already there. */
    public Tensor to(Device device) {
        if (device().equals(device)) return share();
        return Ops.toCopy(this, null, device);
    }

    public Tensor to(DType dtype) {
        if (dtype() == dtype) return share();
        return Ops.toCopy(this, dtype, null);
    }

    public Tensor cpu() {
        return to(Device.CPU);
    }

    /** Copies {@code src} (broadcast, any device or dtype) into this tensor's storage. */
    public void copyFrom(Tensor src) {
        Native.check(TorchAbi.aoti_torch_copy_(handle(), src.handle(), 0), "copy_");
    }

    @Override
    public void close() {
        if (handle == null) return;
        MemorySegment h = handle;
        handle = null;
        LIVE.decrementAndGet();
        Native.check(TorchAbi.aoti_torch_delete_tensor_object(h), "delete tensor");
    }

    @Override
    public String toString() {
        if (handle == null) return "Tensor(closed)";
        if (backing != null && !backing.scope().isAlive()) return "Tensor(over freed memory)";
        return "Tensor" + Arrays.toString(shape()) + " " + dtype() + " " + device();
    }

    // ----- shape helpers -----------------------------------------------------------------

    static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) n = Math.multiplyExact(n, s);
        return n;
    }

    static void checkShape(long[] shape) {
        for (long s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
        }
        numel(shape);
    }

    static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }
}
