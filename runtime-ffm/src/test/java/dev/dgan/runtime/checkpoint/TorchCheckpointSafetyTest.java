package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.f32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pickles that would run code under Python's pickle become inert placeholders: the command in
 * each would create a marker file in a temporary folder, and the file never appears.
 */
@ExtendWith(NoTensorLeaks.class)
class TorchCheckpointSafetyTest extends MarkerCommandTest {

    @Test
    void osSystemThroughGlobalAndReduceIsAPlaceholder() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).global("os", "system").str(command).tuple1().reduce().stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("os.system", p.qualifiedName());
        assertEquals("os", p.module());
        assertEquals("system", p.name());
        assertEquals(List.of(command), p.args());
    }

    @Test
    void builtinsEvalIsAPlaceholder() throws IOException {
        String code = "__import__('os').system('" + command + "')";
        byte[] pkl = new PickleWriter().proto(2).global("builtins", "eval").str(code).tuple1().reduce().stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("builtins.eval", p.qualifiedName());
        assertEquals(List.of(code), p.args());
    }

    @Test
    void python2BuiltinExecIsAPlaceholder() throws IOException {
        String code = "import os; os.system('" + command + "')";
        byte[] pkl = new PickleWriter().proto(2).global("__builtin__", "exec").str(code).tuple1().reduce().stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("__builtin__.exec", p.qualifiedName());
        assertEquals(List.of(code), p.args());
    }

    @Test
    void subprocessPopenWithAnArgumentListIsAPlaceholder() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).global("subprocess", "Popen")
                .emptyList().mark().str("touch").str(marker.toString()).appends()
                .tuple1().reduce().stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("subprocess.Popen", p.qualifiedName());
        assertEquals(List.of(List.of("touch", marker.toString())), p.args());
    }

    @Test
    void protocol4StackGlobalIsAPlaceholder() throws IOException {
        byte[] pkl = new PickleWriter().proto(4).stackGlobal("os", "system").str(command).tuple1().reduce().stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("os.system", p.qualifiedName());
        assertEquals(List.of(command), p.args());
    }

    @Test
    void protocol0InstIsAPlaceholder() throws IOException {
        byte[] pkl = new PickleWriter().mark().protocol0Str(command).inst("posix", "system").stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("posix.system", p.qualifiedName());
        assertEquals(List.of(command), p.args());
    }

    @Test
    void newobjAndBuildNeverCallSetstate() throws IOException {
        // subprocess.Popen.__new__(Popen) then BUILD {'args': ...}: recorded, never constructed.
        byte[] pkl = new PickleWriter().proto(2).global("subprocess", "Popen").emptyTuple().newobj()
                .emptyDict().str("args").str(command).setitem().build().stop().bytes();
        PythonObject p = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals("subprocess.Popen", p.qualifiedName());
        assertEquals(List.of(), p.args());
        assertEquals(Map.of("args", command), p.state());
        assertEquals(command, p.attribute("args"));
    }

    @Test
    void callingAPlaceholderResultGivesAnotherPlaceholder() throws IOException {
        // getattr(os, 'system')(command): the result of one call is called again.
        byte[] pkl = new PickleWriter().proto(2)
                .global("builtins", "getattr").global("os", "path").str("system").raw(0x86).reduce()
                .str(command).tuple1().reduce().stop().bytes();
        PythonObject call = assertInstanceOf(PythonObject.class, rootOf(zip(pkl)));
        assertEquals(List.of(command), call.args());
        PythonObject getattr = call.calledOn();
        assertEquals("builtins.getattr", getattr.qualifiedName());
        assertEquals(new PythonGlobal("os", "path"), getattr.args().get(0));
    }

    @Test
    void hostileEntriesBesideARealStateDictStayInert() throws IOException {
        // A Lightning-like checkpoint: the weights load, the hyper-parameters are placeholders.
        PickleWriter w = new PickleWriter().proto(2).emptyDict().mark();
        w.str("state_dict");
        CheckpointFiles.stateDict(w, List.of(new CheckpointFiles.Spec("w", "FloatStorage", "0", 4, 0,
                new long[] {2, 2}, new long[] {2, 1})), false);
        w.str("hyper_parameters").global("argparse", "Namespace").emptyTuple().newobj()
                .emptyDict().str("cmd").global("os", "system").str(command).tuple1().reduce().setitem().build();
        w.str("epoch").integer(3);
        byte[] pkl = w.setitems().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("lightning.ckpt"), pkl, Map.of("0", f32(1, 2, 3, 4)));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            Map<?, ?> top = assertInstanceOf(Map.class, ck.root());
            PythonObject hp = assertInstanceOf(PythonObject.class, top.get("hyper_parameters"));
            assertEquals("argparse.Namespace", hp.qualifiedName());
            PythonObject cmd = assertInstanceOf(PythonObject.class, hp.attribute("cmd"));
            assertEquals("os.system", cmd.qualifiedName());
            assertEquals(Set.of("state_dict.w"), ck.tensors().keySet());
            try (Tensor t = ck.load(ck.stateDict().get("w"))) {
                assertArrayEquals(new float[] {1, 2, 3, 4}, t.toFloatArray());
            }
        }
    }

    @Test
    void legacyFormatMainPickleIsInertToo() throws IOException {
        byte[] main = new PickleWriter().proto(2).global("os", "system").str(command).tuple1().reduce().stop().bytes();
        Path file = CheckpointFiles.legacy(dir.resolve("evil.bin"), main, Map.of(), Map.of(), true);
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            assertEquals(TorchCheckpoint.Format.LEGACY, ck.format());
            PythonObject p = assertInstanceOf(PythonObject.class, ck.root());
            assertEquals("os.system", p.qualifiedName());
        }
    }

    @Test
    void razorvineDataGlobalsStayDataAndItsOtherDefaultsBecomePlaceholders() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).emptyList().mark()
                .global("builtins", "set").emptyList().mark().integer(1).integer(2).appends().tuple1().reduce()
                .global("_codecs", "encode").str("abc").str("latin1").raw(0x86).reduce()
                .global("copy_reg", "_reconstructor").mark().global("argparse", "Namespace").global("__builtin__", "object").none()
                .tuple().reduce()
                .global("builtins", "ValueError").str("boom").tuple1().reduce()
                .global("torch", "float16")
                .appends().stop().bytes();
        List<?> items = assertInstanceOf(List.class, rootOf(zip(pkl)));
        assertEquals(Set.of(1, 2), items.get(0));
        assertArrayEquals("abc".getBytes(StandardCharsets.ISO_8859_1), (byte[]) items.get(1));
        PythonObject reconstructed = assertInstanceOf(PythonObject.class, items.get(2));
        assertEquals("argparse.Namespace", reconstructed.qualifiedName());
        PythonObject error = assertInstanceOf(PythonObject.class, items.get(3));
        assertEquals("builtins.ValueError", error.qualifiedName());
        assertSame(DType.F16, items.get(4));
    }

    @Test
    void razorvinesGlobalConstructorRegistryIsLeftAlone() throws Exception {
        byte[] pkl = new PickleWriter().proto(2).orderedDict().stop().bytes();
        assertInstanceOf(Map.class, rootOf(zip(pkl)));
        // A plain razorvine Unpickler still knows nothing of OrderedDict: nothing was registered globally.
        assertInstanceOf(ClassDict.class, new Unpickler().loads(pkl));
    }

    @Test
    void reduceOnSomethingNotCallableIsAnError() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).str("os.system").str(command).tuple1().reduce().stop().bytes();
        Path file = zip(pkl);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("REDUCE") && e.getMessage().contains("callable"), e.getMessage());
    }

    @Test
    void persistentIdsOtherThanStoragesAreRefused() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).mark().str("module").global("os", "system").tuple().binpersid().stop().bytes();
        Path file = zip(pkl);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(file));
        assertTrue(e.getMessage().contains("'storage'"), e.getMessage());
    }

    private Path zip(byte[] pickle) throws IOException {
        return CheckpointFiles.zip(Files.createTempFile(dir, "evil", ".pt"), pickle, Map.of());
    }

    private static Object rootOf(Path file) throws IOException {
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            assertTrue(ck.tensors().isEmpty());
            assertNull(ck.extraState(ck.root()));
            return ck.root();
        }
    }
}
