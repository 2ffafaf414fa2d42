package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints with NaN or infinite weights are refused before any model is built from them. */
@ExtendWith(NoTensorLeaks.class)
class FiniteValuesTest {

    @Test
    void finiteWeightsLoadAndIntegersAreNotChecked(@TempDir Path dir) throws Exception {
        Path file = write(dir, 1f, 2f);
        assertEquals(2, StateDicts.read(file, Map::size).intValue());
    }

    @Test
    void nanOrInfiniteWeightsAreRefusedNamingFileTensorAndCount(@TempDir Path dir) throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path file = write(dir, bad, bad);
            boolean[] built = {false};
            var e = assertThrows(IllegalArgumentException.class, () -> StateDicts.read(file, sd -> built[0] = true));
            assertTrue(e.getMessage().startsWith(file + ": tensor w holds 2 NaN or infinite values of 4"), e.getMessage());
            assertTrue(!built[0], "no model is built from non-finite weights");
        }
    }

    private static Path write(Path dir, float a, float b) throws Exception {
        Path file = dir.resolve("weights.safetensors");
        SafetensorsWriter.write(file, List.of(
                new TensorData("w", DType.F32, new long[] {2, 2}, MemorySegment.ofArray(new float[] {0.5f, a, -1f, b})),
                new TensorData("steps", DType.I64, new long[] {1}, MemorySegment.ofArray(new long[] {3}))), Map.of());
        return file;
    }
}
