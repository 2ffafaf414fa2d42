package dev.dgan.runtime.checkpoint;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.f32;

/** Any bytes as a torch.save zip checkpoint (.pt): archive, pickle, storages, tensor validation and loading. */
class TorchZipFuzzTest {

    @MethodSource("seeds")
    @DictionaryEntries({"archive/data.pkl", "archive/data/0", "archive/byteorder", "little", "big", "storage",
            "FloatStorage", "_rebuild_tensor_v2", "OrderedDict"})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("model.pt", bytes);
        ReaderContract.returnsOrFailsCleanlyWithoutLeaks(file, () -> CheckpointReads.torchCheckpoint(file), IOException.class);
    }

    /** A two-tensor state dict (one strided view), stored and deflated, and a big-endian one. */
    static Stream<byte[]> seeds() {
        List<CheckpointFiles.Spec> specs = List.of(
                new CheckpointFiles.Spec("fc.weight", "FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1}),
                new CheckpointFiles.Spec("fc.bias", "FloatStorage", "0", 6, 1, new long[] {2}, new long[] {3}));
        byte[] pickle = CheckpointFiles.stateDictPickle(specs, false);
        Map<String, byte[]> storages = Map.of("0", f32(1, 2, 3, 4, 5, 6));
        return Stream.of(
                zip(pickle, storages, "little", false),
                zip(pickle, storages, "little", true),
                zip(pickle, Map.of("0", f32(java.nio.ByteOrder.BIG_ENDIAN, 1, 2, 3, 4, 5, 6)), "big", false));
    }

    private static byte[] zip(byte[] pickle, Map<String, byte[]> storages, String byteorder, boolean deflate) {
        try {
            Path file = Files.createTempFile("seed", ".pt");
            try {
                return CheckpointReads.bytesOf(CheckpointFiles.zip(file, "archive", pickle, storages, byteorder, deflate));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
