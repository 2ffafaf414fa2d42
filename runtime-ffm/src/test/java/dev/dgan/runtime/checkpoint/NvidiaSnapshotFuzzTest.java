package dev.dgan.runtime.checkpoint;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Data;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Easy;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Module;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.f32;

/**
 * Any bytes as an NVIDIA network snapshot (.pkl): a plain pickle of persistent modules whose
 * storages are embedded legacy torch.save byte strings, read without running its source.
 */
class NvidiaSnapshotFuzzTest {

    @MethodSource("seeds")
    @DictionaryEntries({"torch_utils.persistence", "_reconstruct_persistent_obj", "torch.storage", "_load_from_bytes",
            "dnnlib.util", "EasyDict", "_parameters", "_buffers", "_modules", "class_name", "module_src"})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("network-snapshot.pkl", bytes);
        ReaderContract.returnsOrFailsCleanlyWithoutLeaks(file, () -> CheckpointReads.nvidiaSnapshot(file), IOException.class);
    }

    /** A one-layer persistent network with an EasyDict argument, beside plain data. */
    static Stream<byte[]> seeds() {
        Module d = new Module("Discriminator");
        d.parameters.put("weight", new Data(new long[] {2, 2}, f32(1, 2, 3, 4)));
        d.buffers.put("scale", new Data(new long[] {1}, f32(0.5f)));
        d.initKwargs = Map.of("c_dim", 0, "epilogue_kwargs", new Easy(Map.of("mbstd_group_size", 4)));
        Module linear = new Module("Linear", "torch.nn.modules.linear");
        linear.parameters.put("weight", new Data(new long[] {1, 2}, f32(1, 2)));
        d.children.put("fc", linear);
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("training_set_kwargs", Map.of("resolution", 4));
        top.put("D", d);
        top.put("augment_pipe", null);
        top.put("cur_lr", new SnapshotWriter.NumpyF64(0.002));
        return Stream.of(SnapshotWriter.snapshot(top));
    }
}
