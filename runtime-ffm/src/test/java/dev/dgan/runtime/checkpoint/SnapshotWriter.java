package dev.dgan.runtime.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Writes pickles shaped like NVIDIA's network snapshots, opcode by opcode: persistent modules as
 * {@code torch_utils.persistence._reconstruct_persistent_obj(meta)} with a placeholder source,
 * plain torch.nn modules as NEWOBJ + BUILD, tensors whose storages are
 * {@code torch.storage._load_from_bytes(<legacy torch.save bytes>)}, EasyDicts and numpy scalars.
 */
final class SnapshotWriter {

    static final String PLACEHOLDER_SOURCE = "# placeholder";

    /** A float32 tensor: shape and little-endian element bytes. */
    record Data(long[] shape, byte[] bytes) {}

    /** {@code dnnlib.util.EasyDict(items)}. */
    record Easy(Map<String, Object> items) {}

    /** A numpy float64 scalar ({@code numpy.core.multiarray.scalar(dtype('f8'), bytes)}). */
    record NumpyF64(double value) {}

    /** Opcodes written as they are, in place of a value. */
    record Raw(Consumer<PickleWriter> write) {}

    /** A module: {@code pythonModule} null for a persistent class, else a plain torch.nn module of that module. */
    static final class Module {
        final String className;
        final String pythonModule;
        final Map<String, Data> parameters = new LinkedHashMap<>(); // null values: None parameters
        final Map<String, Data> buffers = new LinkedHashMap<>();
        final Set<String> nonPersistent = new LinkedHashSet<>();
        final Map<String, Module> children = new LinkedHashMap<>(); // null values: None children
        final Map<String, Object> attributes = new LinkedHashMap<>();
        List<Object> initArgs = List.of();
        Map<String, Object> initKwargs = Map.of();
        String source = PLACEHOLDER_SOURCE;

        Module(String className, String pythonModule) {
            this.className = className;
            this.pythonModule = pythonModule;
        }

        Module(String className) {
            this(className, null);
        }
    }

    private final PickleWriter w = new PickleWriter();
    /** Per tensor path (e.g. {@code G.mapping.fc0.weight}): a change to its embedded torch.save bytes. */
    private final Map<String, UnaryOperator<byte[]>> blobEdits;
    private int storageKey = 1000;

    private SnapshotWriter(Map<String, UnaryOperator<byte[]>> blobEdits) {
        this.blobEdits = blobEdits;
    }

    /** {@code pickle.dump(top, protocol=4)}: values may be {@link Module}s or plain values. */
    static byte[] snapshot(Map<String, Object> top, Map<String, UnaryOperator<byte[]>> blobEdits) {
        SnapshotWriter s = new SnapshotWriter(blobEdits);
        s.w.proto(4).emptyDict().mark();
        top.forEach((k, v) -> {
            s.w.shortStr(k);
            s.value(k, v);
        });
        return s.w.setitems().stop().bytes();
    }

    static byte[] snapshot(Map<String, Object> top) {
        return snapshot(top, Map.of());
    }

    private void value(String path, Object v) {
        switch (v) {
            case null -> w.none();
            case Module m -> module(path, m);
            case String s -> w.str(s);
            case Boolean b -> w.bool(b);
            case Integer i -> w.integer(i);
            case Long l -> w.integer(l);
            case Double d -> w.binfloat(d);
            case Data d -> tensor(path, d, false);
            case Easy e -> {
                w.stackGlobal("dnnlib.util", "EasyDict").emptyTuple().newobj();
                if (!e.items().isEmpty()) {
                    w.mark();
                    e.items().forEach((k, x) -> {
                        w.shortStr(k);
                        value(path + "." + k, x);
                    });
                    w.setitems();
                }
            }
            case NumpyF64 n -> {
                w.stackGlobal("numpy.core.multiarray", "scalar");
                w.stackGlobal("numpy", "dtype").shortStr("f8").bool(false).bool(true).raw(0x87).reduce();
                w.mark().integer(3).shortStr("<").none().none().none().integer(-1).integer(-1).integer(0).tuple().build();
                w.binbytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(n.value()).array());
                w.raw(0x86).reduce();
            }
            case Raw r -> r.write().accept(w);
            case Map<?, ?> m -> {
                w.emptyDict();
                if (!m.isEmpty()) {
                    w.mark();
                    m.forEach((k, x) -> {
                        w.str((String) k);
                        value(path + "." + k, x);
                    });
                    w.setitems();
                }
            }
            case List<?> l -> {
                w.mark();
                for (Object x : l) value(path, x);
                w.tuple();
            }
            default -> throw new IllegalArgumentException("cannot write " + v.getClass());
        }
    }

    private void module(String path, Module m) {
        if (m.pythonModule == null) {
            w.stackGlobal("torch_utils.persistence", "_reconstruct_persistent_obj");
            w.emptyDict().mark()
                    .shortStr("type").shortStr("class")
                    .shortStr("version").integer(6)
                    .shortStr("module_src").str(m.source)
                    .shortStr("class_name").shortStr(m.className)
                    .shortStr("state");
            state(path, m);
            w.setitems().tuple1().reduce();
        } else {
            // torch.nn.Module.__reduce_ex__(4): copyreg.__newobj__ -> NEWOBJ of the class, then BUILD with __dict__
            w.stackGlobal(m.pythonModule, m.className).emptyTuple().newobj();
            state(path, m);
            w.build();
        }
    }

    /**
     * The module's __dict__, with {@code _modules} and {@code _buffers} written before
     * {@code _parameters} so that a reader must order the state dict itself.
     */
    private void state(String path, Module m) {
        w.emptyDict().mark();
        w.shortStr("training").bool(false);
        w.shortStr("_modules").orderedDict();
        if (!m.children.isEmpty()) {
            w.mark();
            m.children.forEach((name, child) -> {
                w.shortStr(name);
                if (child == null) w.none();
                else module(path + "." + name, child);
            });
            w.setitems();
        }
        w.shortStr("_buffers").orderedDict();
        tensors(path, m.buffers, false);
        w.shortStr("_non_persistent_buffers_set").emptySet();
        if (!m.nonPersistent.isEmpty()) {
            w.mark();
            m.nonPersistent.forEach(w::shortStr);
            w.additems();
        }
        w.shortStr("_parameters").orderedDict();
        tensors(path, m.parameters, true);
        w.shortStr("_forward_hooks").orderedDict();
        m.attributes.forEach((name, v) -> {
            w.shortStr(name);
            value(path + "." + name, v);
        });
        if (m.pythonModule == null) {
            w.shortStr("_init_args");
            value(path, m.initArgs);
            w.shortStr("_init_kwargs");
            value(path, m.initKwargs);
        }
        w.setitems();
    }

    private void tensors(String path, Map<String, Data> tensors, boolean parameters) {
        if (tensors.isEmpty()) return;
        w.mark();
        tensors.forEach((name, d) -> {
            w.shortStr(name);
            if (d == null) w.none();
            else tensor(path + "." + name, d, parameters);
        });
        w.setitems();
    }

    /** {@code _rebuild_parameter(_rebuild_tensor_v2(_load_from_bytes(b), 0, size, stride, False, OrderedDict()), False, OrderedDict())}. */
    private void tensor(String path, Data d, boolean parameter) {
        if (parameter) w.stackGlobal("torch._utils", "_rebuild_parameter");
        w.stackGlobal("torch._utils", "_rebuild_tensor_v2").mark();
        byte[] blob = storageBytes(d.bytes());
        UnaryOperator<byte[]> edit = blobEdits.get(path);
        w.stackGlobal("torch.storage", "_load_from_bytes").binbytes(edit == null ? blob : edit.apply(blob)).tuple1().reduce();
        w.integer(0).tupleOf(d.shape()).tupleOf(contiguousStrides(d.shape())).bool(false).orderedDict();
        w.tuple().reduce();
        if (parameter) w.bool(false).orderedDict().raw(0x87).reduce();
    }

    /** {@code torch.save(storage, _use_new_zipfile_serialization=False)} of a FloatStorage. */
    private byte[] storageBytes(byte[] elements) {
        String key = Integer.toString(storageKey++);
        byte[] main = new PickleWriter().proto(2).mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu")
                .integer(elements.length / 4).none().tuple().binpersid().stop().bytes();
        return CheckpointFiles.legacyBytes(main, Map.of(key, elements), Map.of(), true);
    }

    static long[] contiguousStrides(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return stride;
    }
}
