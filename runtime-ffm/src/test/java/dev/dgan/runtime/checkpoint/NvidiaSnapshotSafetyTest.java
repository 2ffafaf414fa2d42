package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Module;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Raw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.dgan.runtime.files.FileWarnings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots whose module source and values would run a command under Python: the command would
 * create a marker file, and the file never appears. The source stays inert text, the calls
 * inert placeholders.
 */
@ExtendWith(NoTensorLeaks.class)
class NvidiaSnapshotSafetyTest extends MarkerCommandTest {

    private NvidiaSnapshot read(byte[] pickle) throws IOException {
        return NvidiaSnapshot.read(Files.write(dir.resolve("network-snapshot.pkl"), pickle));
    }

    @Test
    void moduleSourceIsNeverRunAndOnlyItsLengthIsKept() throws IOException {
        Module g = new Module("Generator");
        g.source = "import os\nos.system('" + command + "')\nclass Generator: pass\n";
        g.attributes.put("z_dim", 64);
        SnapshotModule m = read(SnapshotWriter.snapshot(Map.of("G", g))).network("G");
        assertEquals(g.source.length(), m.moduleSourceLength());
        assertFalse(m.toString().contains("os.system"), m.toString());
        assertFalse(m.attributes().toString().contains("os.system"));
        assertEquals(Map.of("z_dim", 64L), m.attributes());
    }

    @Test
    void osSystemInInitKwargsAndAttributesStaysAPlaceholder() throws IOException {
        Module g = new Module("Generator");
        Raw system = new Raw(w -> w.stackGlobal("os", "system").str(command).tuple1().reduce());
        g.initKwargs = Map.of("evil", system);
        g.attributes.put("also_evil", system);
        SnapshotModule m = read(SnapshotWriter.snapshot(Map.of("G", g))).network("G");
        PythonObject kw = assertInstanceOf(PythonObject.class, m.initKwargs().get("evil"));
        assertEquals("os.system", kw.qualifiedName());
        assertEquals(List.of(command), kw.args());
        assertEquals("os.system", assertInstanceOf(PythonObject.class, m.attributes().get("also_evil")).qualifiedName());
    }

    @Test
    void evalAtTheTopLevelIsPlainData() throws IOException {
        String code = "__import__('os').system('" + command + "')";
        Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("G", new Module("Generator"));
        top.put("evil", new Raw(w -> w.stackGlobal("builtins", "eval").str(code).tuple1().reduce()));
        NvidiaSnapshot s = read(SnapshotWriter.snapshot(top));
        assertEquals(List.of("G"), List.copyOf(s.networks()));
        PythonObject p = assertInstanceOf(PythonObject.class, s.data().get("evil"));
        assertEquals("builtins.eval", p.qualifiedName());
    }

    @Test
    void aCallInPlaceOfTheStorageBytesIsRejectedWithoutRunningIt() throws IOException {
        byte[] pkl = new PickleWriter().proto(4).emptyDict().shortStr("G")
                .stackGlobal("torch_utils.persistence", "_reconstruct_persistent_obj").emptyDict().mark()
                .shortStr("type").shortStr("class").shortStr("class_name").shortStr("Generator")
                .shortStr("module_src").shortStr("# placeholder")
                .shortStr("state").emptyDict().shortStr("_parameters").emptyDict().shortStr("w")
                .stackGlobal("torch._utils", "_rebuild_tensor_v2").mark()
                .stackGlobal("torch.storage", "_load_from_bytes")
                .stackGlobal("os", "system").str(command).tuple1().reduce() // _load_from_bytes(os.system(cmd))
                .tuple1().reduce()
                .integer(0).tupleOf(1).tupleOf(1).bool(false).orderedDict().tuple().reduce().setitem().setitem()
                .setitems().tuple1().reduce().setitem().stop().bytes();
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> read(pkl));
        assertEquals("G.w", e.objectPath());
        assertTrue(e.getMessage().contains("expected one bytes argument, got PythonObject[os.system"), e.getMessage());
    }

    @Test
    void aPersistentCallOfAnUnexpectedKindIsNotAModule() throws IOException {
        // meta.type other than 'class': persistence.py would refuse it; so does the reader
        byte[] pkl = new PickleWriter().proto(4).emptyDict().shortStr("G")
                .stackGlobal("torch_utils.persistence", "_reconstruct_persistent_obj").emptyDict().mark()
                .shortStr("type").shortStr("function").shortStr("class_name").shortStr("system")
                .setitems().tuple1().reduce().setitem().stop().bytes();
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> read(pkl));
        assertTrue(e.getMessage().contains("meta.type: expected 'class', got 'function'"), e.getMessage());
    }

    @Test
    void unexpectedGlobalsAreNamedInOneWarningPerFileAndNothingRuns() throws IOException {
        List<String> warnings = new ArrayList<>();
        Consumer<String> stderr = FileWarnings.redirect(warnings::add);
        try {
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("G", new Module("Generator"));
            top.put("extra", new Raw(w -> w.stackGlobal("os", "system").str(command).tuple1().reduce()));
            NvidiaSnapshot s = read(SnapshotWriter.snapshot(top));
            assertEquals(List.of("G"), List.copyOf(s.networks()), "the snapshot still loads");
            assertEquals(List.of("os.system"), s.unexpectedGlobals());
            assertEquals(1, warnings.size(), warnings.toString());
            String w = warnings.getFirst();
            assertTrue(w.startsWith("warning: " + s.file().toAbsolutePath() + ": "), w);
            assertTrue(w.contains("Python globals that NVIDIA's training code does not write: os.system."), w);
            assertTrue(w.contains("Nothing from the file was run"), w);
            NvidiaSnapshot.read(s.file()); // a command that loads the checkpoint twice
            assertEquals(1, warnings.size(), "once per file: " + warnings);
        } finally {
            FileWarnings.redirect(stderr);
        }
    }

    @Test
    void aSnapshotAsTheTrainingCodeWritesItLoadsWithoutAWord() throws IOException {
        List<String> warnings = new ArrayList<>();
        Consumer<String> stderr = FileWarnings.redirect(warnings::add);
        try {
            Module g = new Module("Generator");
            g.attributes.put("z_dim", 64);
            g.attributes.put("w_avg_beta", new SnapshotWriter.NumpyF64(0.995));
            g.parameters.put("weight", new SnapshotWriter.Data(new long[] {2}, new byte[8]));
            g.children.put("fc", new Module("Linear", "torch.nn.modules.linear"));
            Map<String, Object> top = new LinkedHashMap<>();
            top.put("G", g);
            top.put("training_set_kwargs", new SnapshotWriter.Easy(Map.of("resolution", 32)));
            NvidiaSnapshot s = read(SnapshotWriter.snapshot(top));
            assertEquals(List.of(), s.unexpectedGlobals());
            assertEquals(List.of(), warnings);
        } finally {
            FileWarnings.redirect(stderr);
        }
    }
}
