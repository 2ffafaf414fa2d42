package dev.dgan.host.sample;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureTap;
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

/** Latents files: NaN or infinite latents are refused at reading, before they render or train anything. */
@ExtendWith(NoTensorLeaks.class)
class LatentsFileTest {

    static final BackboneInfo INFO = new BackboneInfo("toy", "v", 4, 3, new Conditioning.Unconditional(), 2, 0, 0,
            List.of(new FeatureTap("t", 1, 4)));

    @Test
    void finiteLatentsAreReadAndNonFiniteOnesRefused(@TempDir Path dir) throws Exception {
        Path good = write(dir.resolve("good.safetensors"), 0.5f);
        try (LatentsFile f = LatentsFile.read(good, INFO)) {
            assertEquals(3, f.count());
        }
        Path bad = write(dir.resolve("bad.safetensors"), Float.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> LatentsFile.read(bad, INFO));
        assertTrue(e.getMessage().startsWith(bad + ": tensor z holds 1 NaN or infinite values of 6"), e.getMessage());
    }

    private static Path write(Path file, float last) throws Exception {
        float[] z = {0.1f, -0.2f, 0.3f, 1f, -1f, last};
        SafetensorsWriter.write(file, List.of(new TensorData("z", DType.F32, new long[] {3, 2}, MemorySegment.ofArray(z))), Map.of());
        return file;
    }
}
