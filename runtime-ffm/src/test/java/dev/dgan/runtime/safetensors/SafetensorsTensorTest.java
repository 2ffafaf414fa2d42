package dev.dgan.runtime.safetensors;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** safetensors tensors become libtorch tensors over the file mapping itself. */
class SafetensorsTensorTest {

    @Test
    void tensorsWrapTheMappingWithoutCopyingAndNeverWriteTheFile(@TempDir Path dir) throws Exception {
        float[] w = {1.5f, -2f, 3.25f, 4f, 5f, -6f};
        long[] ids = {7, 8, 9};
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.write(file, List.of(
                new TensorData("w", DType.F32, new long[] {2, 3}, MemorySegment.ofArray(w)),
                new TensorData("ids", DType.I64, new long[] {3}, MemorySegment.ofArray(ids))), Map.of());
        byte[] before = Files.readAllBytes(file);

        Tensor t;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            t = f.tensor("w");
            assertEquals(f.get("w").data().address(), t.data().address(), "tensor must point into the mapping");
            assertArrayEquals(new long[] {2, 3}, t.shape());
            assertArrayEquals(w, t.toFloatArray());
            try (Tensor i = f.tensor("ids")) {
                assertArrayEquals(ids, i.toLongArray());
            }
            Ops.fill_(t, 0); // an in-place write lands in the private mapping, not in the file
            assertArrayEquals(new float[6], t.toFloatArray());
        }
        assertThrows(IllegalStateException.class, t::toFloatArray, "the mapping is gone once the file is closed");
        t.close();
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
