package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.Spec;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.f32;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.i16;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.i64;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.iota;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.stateDictPickle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthetic checkpoints: strided views, offsets, dtypes, byte orders, legacy views, state dict selection. */
@ExtendWith(NoTensorLeaks.class)
class TorchCheckpointTensorTest {

    @TempDir
    Path dir;

    /** Views of one 24-float storage, every kind of layout. */
    private static final List<Spec> VIEWS = List.of(
            new Spec("mat", "FloatStorage", "0", 24, 0, new long[] {4, 6}, new long[] {6, 1}),
            new Spec("transposed", "FloatStorage", "0", 24, 0, new long[] {6, 4}, new long[] {1, 6}),
            new Spec("slice", "FloatStorage", "0", 24, 8, new long[] {2, 3}, new long[] {6, 1}),
            new Spec("strided", "FloatStorage", "0", 24, 1, new long[] {3, 2}, new long[] {8, 3}),
            new Spec("expanded", "FloatStorage", "0", 24, 2, new long[] {3, 4}, new long[] {0, 1}),
            new Spec("scalar", "FloatStorage", "0", 24, 23, new long[] {}, new long[] {}),
            new Spec("empty", "FloatStorage", "0", 24, 0, new long[] {0, 3}, new long[] {3, 1}),
            new Spec("unit-dim", "FloatStorage", "0", 24, 4, new long[] {1, 4}, new long[] {99, 1}),
            new Spec("last", "FloatStorage", "0", 24, 20, new long[] {4}, new long[] {1}));

    @Test
    void stridedViewsAndOffsetsMatchAJavaGather() throws IOException {
        Path file = CheckpointFiles.zip(dir.resolve("views.pt"), stateDictPickle(VIEWS, false), Map.of("0", f32(iota(24))));
        assertViews(file);
    }

    @Test
    void deflatedEntriesWithoutByteorderRecordReadTheSame() throws IOException {
        Path file = CheckpointFiles.zip(dir.resolve("deflated.pt"), "other_name", stateDictPickle(VIEWS, false),
                Map.of("0", f32(iota(24))), null, true);
        assertViews(file);
    }

    @Test
    void bigEndianStoragesAreSwapped() throws IOException {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        Path file = CheckpointFiles.zip(dir.resolve("big.pt"), "archive", stateDictPickle(VIEWS, false),
                Map.of("0", f32(be, iota(24))), "big", false);
        assertViews(file);

        List<Spec> typed = List.of(
                new Spec("ids", "LongStorage", "1", 3, 0, new long[] {3}, new long[] {1}),
                new Spec("half", "HalfStorage", "2", 2, 0, new long[] {2}, new long[] {1}));
        Path typedFile = CheckpointFiles.zip(dir.resolve("big-typed.pt"), "archive", stateDictPickle(typed, false),
                Map.of("1", i64(be, -3, 1L << 40, Long.MIN_VALUE), "2", i16(be, (short) 0x3C00, (short) 0xC000)), "big", false);
        try (TorchCheckpoint ck = TorchCheckpoint.read(typedFile);
             Tensor ids = ck.tensor("ids"); Tensor half = ck.tensor("half")) {
            assertArrayEquals(new long[] {-3, 1L << 40, Long.MIN_VALUE}, ids.toLongArray());
            assertArrayEquals(new float[] {1, -2}, half.toFloatArray());
        }
    }

    @Test
    void everySupportedStorageTypeGivesItsDType() throws IOException {
        Map<String, DType> types = new LinkedHashMap<>();
        types.put("FloatStorage", DType.F32);
        types.put("HalfStorage", DType.F16);
        types.put("BFloat16Storage", DType.BF16);
        types.put("DoubleStorage", DType.F64);
        types.put("LongStorage", DType.I64);
        types.put("IntStorage", DType.I32);
        types.put("ShortStorage", DType.I16);
        types.put("CharStorage", DType.I8);
        types.put("ByteStorage", DType.U8);
        types.put("BoolStorage", DType.BOOL);
        List<Spec> specs = new ArrayList<>();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, DType> e : types.entrySet()) {
            String key = Integer.toString(k++);
            specs.add(new Spec(e.getKey(), e.getKey(), key, 3, 0, new long[] {3}, new long[] {1}));
            byte[] bytes = new byte[3 * e.getValue().byteSize()];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (e.getValue() == DType.BOOL ? i % 2 : 17 * i + 1);
            storages.put(key, bytes);
        }
        Path file = CheckpointFiles.zip(dir.resolve("dtypes.pt"), stateDictPickle(specs, false), storages);
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            int i = 0;
            for (Map.Entry<String, DType> e : types.entrySet()) {
                StoredTensor st = ck.stateDict().get(e.getKey());
                assertEquals(e.getValue(), st.dtype(), e.getKey());
                try (Tensor t = ck.load(st)) {
                    assertEquals(e.getValue(), t.dtype());
                    assertArrayEquals(storages.get(Integer.toString(i++)), t.data().toArray(ValueLayout.JAVA_BYTE), e.getKey());
                }
            }
        }
    }

    @Test
    void untypedStorageHoldsBytes() throws IOException {
        PickleWriter w = new PickleWriter().proto(2).global("torch._utils", "_rebuild_tensor_v2").mark()
                .mark().str("storage").global("torch.storage", "UntypedStorage").str("0").str("cpu").integer(4).tuple().binpersid()
                .integer(0).tupleOf(4).tupleOf(1).bool(false).orderedDict().tuple().reduce().stop();
        Path file = CheckpointFiles.zip(dir.resolve("untyped.pt"), w.bytes(), Map.of("0", new byte[] {1, 2, 3, (byte) 250}));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file); Tensor t = ck.tensor("")) {
            assertEquals(DType.U8, t.dtype());
            assertArrayEquals(new byte[] {1, 2, 3, (byte) 250}, t.data().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void legacyStorageViewsAndBigEndianLegacyFiles() throws IOException {
        for (boolean little : new boolean[] {true, false}) {
            ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            List<Spec> specs = List.of(
                    new Spec("a", "FloatStorage", "root", 20, 0, new long[] {5}, new long[] {1}),
                    // a view of root elements 10..15; the tensor starts 2 into it, transposed 2x2
                    new Spec("b", "FloatStorage", "root", 20, 2, new long[] {2, 2}, new long[] {1, 2},
                            new Object[] {"view", 10L, 6L}),
                    new Spec("c", "LongStorage", "other", 2, 0, new long[] {2}, new long[] {1}));
            Map<String, byte[]> storages = new LinkedHashMap<>();
            storages.put("other", i64(order, 5, -6));
            storages.put("root", f32(order, iota(20)));
            Path file = CheckpointFiles.legacy(dir.resolve("legacy-" + little + ".bin"), stateDictPickle(specs, true),
                    storages, Map.of("other", 8), little);
            try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
                assertEquals(TorchCheckpoint.Format.LEGACY, ck.format());
                StoredTensor b = ck.stateDict().get("b");
                assertEquals("root", b.storageKey());
                assertEquals(12, b.storageOffset(), "offsets count from the root storage");
                try (Tensor ta = ck.tensor("a"); Tensor tb = ck.tensor("b"); Tensor tc = ck.tensor("c")) {
                    assertArrayEquals(new float[] {0, 1, 2, 3, 4}, ta.toFloatArray());
                    assertArrayEquals(new float[] {12, 14, 13, 15}, tb.toFloatArray());
                    assertArrayEquals(new long[] {5, -6}, tc.toLongArray());
                }
            }
        }
    }

    @Test
    void legacyViewPastItsRootOrTensorPastItsView() throws IOException {
        List<Spec> viewPastRoot = List.of(new Spec("v", "FloatStorage", "root", 8, 0, new long[] {2}, new long[] {1},
                new Object[] {"view", 6L, 4L}));
        Path f1 = CheckpointFiles.legacy(dir.resolve("v1.bin"), stateDictPickle(viewPastRoot, true),
                Map.of("root", f32(iota(8))), Map.of(), true);
        CheckpointFormatException e1 = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(f1));
        assertEquals("v", e1.objectPath());
        assertEquals("storage size", e1.field());

        List<Spec> tensorPastView = List.of(new Spec("t", "FloatStorage", "root", 8, 1, new long[] {3}, new long[] {1},
                new Object[] {"view", 2L, 3L}));
        Path f2 = CheckpointFiles.legacy(dir.resolve("v2.bin"), stateDictPickle(tensorPastView, true),
                Map.of("root", f32(iota(8))), Map.of(), true);
        CheckpointFormatException e2 = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(f2));
        assertEquals("t", e2.objectPath());
        assertEquals("storage_offset + extent", e2.field());
        assertTrue(e2.getMessage().contains("<= 3"), e2.getMessage());
    }

    @Test
    void parametersAndTensorSubclassesUnwrapToTheirData() throws IOException {
        PickleWriter w = new PickleWriter().proto(2).emptyDict().mark();
        w.str("param").global("torch._utils", "_rebuild_parameter").mark();
        w.tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1}, false, null);
        w.bool(true).orderedDict().tuple().reduce();
        w.str("param_with_state").global("torch._utils", "_rebuild_parameter_with_state").mark();
        w.tensor("FloatStorage", "0", 4, 1, new long[] {2}, new long[] {1}, false, null);
        w.bool(true).orderedDict().emptyDict().tuple().reduce();
        w.str("subclass").global("torch._tensor", "_rebuild_from_type_v2").mark()
                .global("torch._utils", "_rebuild_tensor_v2").global("torch.nn.parameter", "Parameter")
                .mark().mark().str("storage").global("torch", "FloatStorage").str("0").str("cpu").integer(4).tuple().binpersid()
                .integer(2).tupleOf(2).tupleOf(1).bool(false).orderedDict().tuple()
                .emptyDict().tuple().reduce();
        w.str("size").global("torch", "Size").tupleOf(2, 3).tuple1().reduce();
        byte[] pkl = w.setitems().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("params.pt"), pkl, Map.of("0", f32(1, 2, 3, 4)));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            assertEquals(List.of("param", "param_with_state", "subclass"), List.copyOf(ck.tensors().keySet()));
            try (Tensor p = ck.tensor("param"); Tensor s = ck.tensor("param_with_state"); Tensor sub = ck.tensor("subclass")) {
                assertArrayEquals(new float[] {1, 2, 3, 4}, p.toFloatArray());
                assertArrayEquals(new float[] {2, 3}, s.toFloatArray());
                assertArrayEquals(new float[] {3, 4}, sub.toFloatArray());
            }
            Object size = ((Map<?, ?>) ck.root()).get("size");
            assertArrayEquals(new Object[] {2, 3}, (Object[]) size);
        }
    }

    @Test
    void tiedTensorsAreReadOnceAndShared() throws IOException {
        PickleWriter w = new PickleWriter().proto(2).orderedDict().mark();
        w.str("embed.weight").tensor("FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1}, false, null).binput(200);
        w.str("head.weight").binget(200);
        byte[] pkl = w.setitems().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("tied.pt"), pkl, Map.of("0", f32(iota(6))));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            Map<String, StoredTensor> sd = ck.stateDict();
            assertSame(sd.get("embed.weight"), sd.get("head.weight"));
            long liveBefore = Tensor.liveCount();
            Map<String, Tensor> loaded = ck.loadAll(sd);
            assertEquals(liveBefore + 2, Tensor.liveCount());
            loaded.get("embed.weight").close();
            assertArrayEquals(iota(6), loaded.get("head.weight").toFloatArray());
            loaded.get("head.weight").close();
        }
    }

    @Test
    void tensorPathsWalkListsTuplesAndPlaceholders() throws IOException {
        PickleWriter w = new PickleWriter().proto(2).emptyDict().mark();
        w.str("list").emptyList().mark();
        w.tensor("FloatStorage", "0", 4, 0, new long[] {1}, new long[] {1}, false, null);
        w.tensor("FloatStorage", "0", 4, 1, new long[] {1}, new long[] {1}, false, null).tuple1();
        w.appends();
        w.str("module").global("mylib", "Net").emptyTuple().newobj().emptyDict().str("weight");
        w.tensor("FloatStorage", "0", 4, 2, new long[] {1}, new long[] {1}, false, null).setitem().build();
        w.str("partial").global("functools", "partial").global("mylib", "f").raw(0x85 /* TUPLE1 */).reduce();
        w.str("call").global("mylib", "g");
        w.tensor("FloatStorage", "0", 4, 3, new long[] {1}, new long[] {1}, false, null).tuple1().reduce();
        w.str("none").none();
        w.integer(7).str("int key");
        byte[] pkl = w.setitems().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("tree.pt"), pkl, Map.of("0", f32(10, 11, 12, 13)));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            assertEquals(List.of("list.0", "list.1.0", "module.weight", "call.__args__.0"), List.copyOf(ck.tensors().keySet()));
            float[] values = new float[4];
            int i = 0;
            for (String path : ck.tensors().keySet()) {
                try (Tensor t = ck.tensor(path)) {
                    values[i++] = t.toFloatArray()[0];
                }
            }
            assertArrayEquals(new float[] {10, 11, 12, 13}, values);
            assertThrows(CheckpointFormatException.class, ck::stateDict);
            NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> ck.tensor("nope"));
            assertTrue(missing.getMessage().contains("list.0"), missing.getMessage());
        }
    }

    @Test
    void stateDictChoosesTheTopLevelOrTheFirstPreferredKeyHoldingTensors() throws IOException {
        Spec a = new Spec("x", "FloatStorage", "0", 2, 0, new long[] {1}, new long[] {1});
        Spec b = new Spec("y", "FloatStorage", "0", 2, 1, new long[] {1}, new long[] {1});
        PickleWriter w = new PickleWriter().proto(2).emptyDict().mark();
        w.str("model").global("mylib", "Net").emptyTuple().newobj(); // a pickled module: not a dict of tensors
        w.str("g_ema");
        CheckpointFiles.stateDict(w, List.of(a), false);
        w.str("ema");
        CheckpointFiles.stateDict(w, List.of(b), false);
        w.str("optimizer").emptyDict();
        byte[] pkl = w.setitems().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("keys.pt"), pkl, Map.of("0", f32(5, 6)));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            assertEquals(Set.of("x"), ck.stateDict().keySet(), "defaults: 'model' is skipped, 'g_ema' taken");
            assertEquals(Set.of("y"), ck.stateDict("ema", "g_ema").keySet());
            assertEquals(Set.of("x"), ck.stateDict("missing", "g_ema").keySet());
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ck.stateDict("model", "optimizer"));
            assertTrue(e.getMessage().contains("'model' holds PythonObject[mylib.Net]"), e.getMessage());
            assertTrue(e.getMessage().contains("[model, g_ema, ema, optimizer]"), e.getMessage());
        }
        Map<String, Tensor> sd = TorchCheckpoint.stateDict(file, "ema");
        try {
            assertArrayEquals(new float[] {6}, sd.get("y").toFloatArray());
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }

    @Test
    void storedTensorGeometry() {
        StoredTensor t = new StoredTensor("0", DType.F32, new long[] {3, 2}, new long[] {1, 3}, 4);
        assertFalse(t.isContiguous());
        assertEquals(6, t.numel());
        assertEquals(6, t.extent());
        assertTrue(new StoredTensor("0", DType.F32, new long[] {1, 4}, new long[] {99, 1}, 0).isContiguous());
        assertEquals(0, new StoredTensor("0", DType.F32, new long[] {0, 4}, new long[] {4, 1}, 0).extent());
        assertEquals(1, new StoredTensor("0", DType.F32, new long[] {}, new long[] {}, 0).extent());
        long[] shape = {2};
        StoredTensor copy = new StoredTensor("0", DType.F32, shape, new long[] {1}, 0);
        shape[0] = 5;
        assertArrayEquals(new long[] {2}, copy.shape(), "defensive copy");
        assertEquals(copy, new StoredTensor("0", DType.F32, new long[] {2}, new long[] {1}, 0));
    }

    // ----- helpers ------------------------------------------------------------------------

    private void assertViews(Path file) throws IOException {
        float[] storage = iota(24);
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            Map<String, StoredTensor> sd = ck.stateDict();
            assertEquals(VIEWS.stream().map(Spec::name).toList(), List.copyOf(sd.keySet()));
            for (Spec s : VIEWS) {
                try (Tensor t = ck.load(sd.get(s.name()))) {
                    assertArrayEquals(s.size(), t.shape(), s.name());
                    assertTrue(t.isContiguous(), s.name());
                    assertArrayEquals(gather(storage, s.offset(), s.size(), s.stride()), t.toFloatArray(), s.name());
                }
            }
        }
    }

    /** Row-major elements of the view (offset, sizes, strides) of {@code storage}. */
    static float[] gather(float[] storage, long offset, long[] size, long[] stride) {
        long n = 1;
        for (long s : size) n *= s;
        float[] out = new float[(int) n];
        long[] index = new long[size.length];
        for (int k = 0; k < n; k++) {
            long at = offset;
            for (int d = 0; d < size.length; d++) at += index[d] * stride[d];
            out[k] = storage[(int) at];
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) break;
                index[d] = 0;
            }
        }
        return out;
    }
}
