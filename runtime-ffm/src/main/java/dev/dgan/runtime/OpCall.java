package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * One call of an ATen operator through {@code torch_call_dispatcher}: arguments are pushed in
 * schema order, encoded as StableIValues (see the encoding table in the design notes), and
 * the results read back from the same stack.
 *
 * <p>The callee takes ownership of tensors, lists, strings and boxed optionals it is given,
 * so each argument is a fresh reference. If the call is never made (an argument failed to
 * encode), the builder frees what it created.
 */
final class OpCall {

    private enum Kind { TENSOR, LIST, STRING, BOX, GENERATOR }

    private final String op;
    private final String overload;
    private final long[] args = new long[Native.Scratch.STACK_SLOTS];
    private final List<long[]> owned = new ArrayList<>(); // {kind ordinal, address} for cleanup
    private Generator lender; // draws through the default generator, where ops take no generator
    private List<MemorySegment> backings; // Java memory that tensor arguments wrap (Tensor.wrap), or null
    private int n;

    private OpCall(String op, String overload) {
        this.op = op;
        this.overload = overload;
    }

    static OpCall of(String op, String overload) {
        return new OpCall(op, overload);
    }

    static OpCall of(String op) {
        return new OpCall(op, "");
    }

    private OpCall push(long v) {
        args[n++] = v;
        return this;
    }

    private long track(Kind kind, long address) {
        owned.add(new long[] {kind.ordinal(), address});
        return address;
    }

    OpCall tensor(Tensor t) {
        return push(newTensorValue(t));
    }

    private long newTensorValue(Tensor t) {
        if (t == null) {
            release();
            throw new IllegalArgumentException(op + ": a required tensor argument is null");
        }
        long value = guarded(() -> track(Kind.TENSOR, t.newHandle().address()));
        if (t.backing() != null) {
            if (backings == null) backings = new ArrayList<>(2);
            backings.add(t.backing());
        }
        return value;
    }

    /** Owns a returned tensor; a view into memory an argument wraps is guarded like that argument. */
    private Tensor result(long address) {
        return Tensor.own(MemorySegment.ofAddress(address), backings);
    }

    /** Runs one encoding step; if it fails, frees everything encoded so far before rethrowing. */
    private long guarded(java.util.function.LongSupplier step) {
        try {
            return step.getAsLong();
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    OpCall optTensor(Tensor t) {
        return t == null ? none() : push(box(newTensorValue(t)));
    }

    OpCall i64(long v) {
        return push(v);
    }

    OpCall optI64(Long v) {
        return v == null ? none() : push(box(v));
    }

    OpCall f64(double v) {
        return push(Double.doubleToRawLongBits(v));
    }

    OpCall optF64(Double v) {
        return v == null ? none() : push(box(Double.doubleToRawLongBits(v)));
    }

    OpCall bool(boolean v) {
        return push(v ? 1 : 0);
    }

    OpCall optBool(Boolean v) {
        return v == null ? none() : push(box(v ? 1 : 0));
    }

    OpCall dtype(DType t) {
        return push(t.torchCode());
    }

    OpCall optDtype(DType t) {
        return t == null ? none() : push(box(t.torchCode()));
    }

    /**
     * A {@code Generator?} argument from {@code newHandle}, which makes an owning handle (the
     * callee frees it). If making it fails, the arguments encoded so far are freed.
     */
    OpCall optGenerator(java.util.function.Supplier<MemorySegment> newHandle) {
        return push(guarded(() -> box(track(Kind.GENERATOR, newHandle.get().address()))));
    }

    /** A {@code Generator?} passed as None while {@code generator}'s state is lent to the default generator for the call. */
    OpCall noneDrawingFrom(Generator generator) {
        guarded(() -> {
            generator.checkOpen(); // before the call, so arguments encoded so far are freed
            return 0;
        });
        lender = generator;
        return none();
    }

    OpCall optDevice(Device d) {
        return d == null ? none() : push(box(d.stableValue()));
    }

    /** MemoryFormat enum value (0 = contiguous_format). */
    OpCall memoryFormat(int v) {
        return push(v);
    }

    OpCall none() {
        return push(0);
    }

    OpCall ints(long... values) {
        return push(list(values));
    }

    OpCall optInts(long[] values) {
        return values == null ? none() : push(box(list(values)));
    }

    OpCall doubles(double... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Double.doubleToRawLongBits(values[i]);
        return push(list(bits));
    }

    OpCall optDoubles(double[] values) {
        if (values == null) return none();
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Double.doubleToRawLongBits(values[i]);
        return push(box(list(bits)));
    }

    OpCall bools(boolean... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < values.length; i++) v[i] = values[i] ? 1 : 0;
        return push(list(v));
    }

    OpCall tensors(List<Tensor> tensors) {
        long[] v = new long[tensors.size()];
        for (int i = 0; i < v.length; i++) v[i] = newTensorValue(tensors.get(i));
        return push(list(v));
    }

    /** Tensor?[]: null elements are None. */
    OpCall optTensors(List<Tensor> tensors) {
        long[] v = new long[tensors.size()];
        for (int i = 0; i < v.length; i++) {
            Tensor t = tensors.get(i);
            v[i] = t == null ? 0 : box(newTensorValue(t));
        }
        return push(list(v));
    }

    OpCall str(String s) {
        MemorySegment bytes = Native.cString(s);
        return push(guarded(() -> track(Kind.STRING, Native.withPointer(
                out -> TorchAbi.torch_new_string_handle(bytes, bytes.byteSize() - 1, out), "string argument").address())));
    }

    private long list(long[] values) {
        return guarded(() -> newList(values));
    }

    private long newList(long[] values) {
        MemorySegment h = Native.withPointer(out -> TorchAbi.torch_new_list_reserve_size(values.length, out), "list argument");
        track(Kind.LIST, h.address());
        for (long v : values) Native.check(TorchAbi.torch_list_push_back(h, v), op + ": list argument");
        return h.address();
    }

    /** A heap StableIValue holding {@code value}: how an optional with a value is passed. */
    private long box(long value) {
        return guarded(() -> newBox(value));
    }

    private long newBox(long value) {
        MemorySegment p = LibTorch.loadedFeatures().stableBoxes()
                ? Native.withPointer(TorchAbi::torch_new_stable_ivalue, "optional argument")
                : CxxAbi.newBox(); // what the release's own conversion allocates and its dispatcher deletes
        p.reinterpret(8).set(ValueLayout.JAVA_LONG, 0, value);
        return track(Kind.BOX, p.address());
    }

    // ----- invocation -------------------------------------------------------------------

    /** Runs the op; the raw result slots. */
    private long[] invoke(int returns) {
        int slots = Math.max(n, returns);
        MemorySegment stack = Native.scratch().stack;
        MemorySegment.copy(args, 0, stack, ValueLayout.JAVA_LONG, 0, n);
        owned.clear(); // from here on the callee owns the arguments, success or not
        IntSupplier dispatch = () -> TorchAbi.torch_call_dispatcher(Native.cString(op), Native.cString(overload), stack,
                LibTorch.BUILD_ABI_VERSION);
        int err = lender == null ? dispatch.getAsInt() : lender.lend(dispatch);
        DispatcherCalls.COUNT.increment();
        Native.check(err, op + (overload.isEmpty() ? "" : "." + overload));
        long[] out = new long[returns];
        MemorySegment.copy(stack, ValueLayout.JAVA_LONG, 0, out, 0, returns);
        assert slots <= Native.Scratch.STACK_SLOTS;
        return out;
    }

    void call() {
        try {
            invoke(0);
        } finally {
            release();
        }
    }

    Tensor call1() {
        try {
            return result(invoke(1)[0]);
        } finally {
            release();
        }
    }

    Tensor[] callN(int returns) {
        try {
            long[] r = invoke(returns);
            Tensor[] out = new Tensor[returns];
            for (int i = 0; i < returns; i++) out[i] = result(r[i]);
            return out;
        } finally {
            release();
        }
    }

    /** For ops returning Tensor[]: the list is ours, and so is every tensor in it. */
    List<Tensor> callList() {
        try {
            MemorySegment list = MemorySegment.ofAddress(invoke(1)[0]);
            try {
                long size = Native.withLong(out -> TorchAbi.torch_list_size(list, out), "list size");
                List<Tensor> out = new ArrayList<>((int) size);
                for (long i = 0; i < size; i++) {
                    long idx = i;
                    long h = Native.withLong(o -> TorchAbi.torch_list_get_item(list, idx, o), "list item");
                    out.add(result(h));
                }
                return out;
            } finally {
                Native.check(TorchAbi.torch_delete_list(list), "delete list");
            }
        } finally {
            release();
        }
    }

    /** Frees arguments the callee never received (encoding failed before the call). */
    private void release() {
        for (long[] o : owned) {
            MemorySegment p = MemorySegment.ofAddress(o[1]);
            switch (Kind.values()[(int) o[0]]) {
                case TENSOR -> TorchAbi.aoti_torch_delete_tensor_object(p);
                case LIST -> TorchAbi.torch_delete_list(p);
                case STRING -> TorchAbi.torch_delete_string(p);
                case BOX -> {
                    if (LibTorch.loadedFeatures().stableBoxes()) TorchAbi.torch_delete_stable_ivalue(p);
                    else CxxAbi.deleteBox(p);
                }
                case GENERATOR -> TorchAbi.torch_delete_generator(p);
            }
        }
        owned.clear();
    }
}
