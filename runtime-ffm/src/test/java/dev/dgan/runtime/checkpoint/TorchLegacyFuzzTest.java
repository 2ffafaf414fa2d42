package dev.dgan.runtime.checkpoint;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.f32;

/**
 * Any bytes as a legacy (non-zip) torch.save checkpoint: five pickles, then the storages each
 * behind an element count.
 */
class TorchLegacyFuzzTest {

    @MethodSource("seeds")
    @DictionaryEntries({"storage", "FloatStorage", "LongStorage", "little_endian", "_rebuild_tensor_v2", "OrderedDict"})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("pytorch_model.bin", bytes);
        ReaderContract.returnsOrFailsCleanlyWithoutLeaks(file, () -> CheckpointReads.torchCheckpoint(file), IOException.class);
    }

    /** A state dict with a plain tensor and a storage view, little- and big-endian. */
    static Stream<byte[]> seeds() {
        List<CheckpointFiles.Spec> specs = List.of(
                new CheckpointFiles.Spec("w", "FloatStorage", "7", 4, 0, new long[] {2, 2}, new long[] {2, 1}),
                new CheckpointFiles.Spec("v", "FloatStorage", "7", 2, 2, new long[] {2}, new long[] {1},
                        new Object[] {"7v", 2L, 2L}));
        byte[] pickle = CheckpointFiles.stateDictPickle(specs, true);
        return Stream.of(
                CheckpointFiles.legacyBytes(pickle, Map.of("7", f32(1, 2, 3, 4)), Map.of(), true),
                CheckpointFiles.legacyBytes(pickle, Map.of("7", f32(ByteOrder.BIG_ENDIAN, 1, 2, 3, 4)), Map.of(), false));
    }
}
