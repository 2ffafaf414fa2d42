package dev.dgan.host.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSpecTest {

    private static RunSpec spec(long seed) {
        return new RunSpec(RunSpec.FORMAT, "/m", "segmentation", seed, 10, "0/1", 1.0, 0.1, List.of("png"), null);
    }

    @Test
    void theSameRunResumesAndAnotherIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        spec(3).writeOrCheck(file);
        spec(3).writeOrCheck(file); // same request: fine
        var e = assertThrows(IllegalArgumentException.class, () -> spec(4).writeOrCheck(file));
        assertTrue(e.getMessage().contains("holds another run"), e.getMessage());
    }

    private static RunSpec spec(String precision) {
        return RunSpec.of("/m", "segmentation", 3, 10, Shard.WHOLE, 1.0, 0.1, List.of("png"), SampleClasses.NONE, precision);
    }

    @Test
    void aRunDoesNotResumeInAnotherPrecision(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        spec("bf16").writeOrCheck(file);
        assertTrue(Files.readString(file).contains("\"precision\" : \"bf16\""), Files.readString(file));
        spec("bf16").writeOrCheck(file);
        var e = assertThrows(IllegalArgumentException.class, () -> spec("fp32").writeOrCheck(file));
        assertTrue(e.getMessage().contains("precision=bf16") && e.getMessage().contains("precision=fp32"), e.getMessage());
    }

    @Test
    void aRunRecordedWithoutPrecisionWasFp32(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        spec("fp32").writeOrCheck(file);
        Files.writeString(file, Files.readString(file).replaceAll(",\\s*\"precision\" : \"fp32\"", ""));
        assertFalse(Files.readString(file).contains("precision"), Files.readString(file));
        spec("fp32").writeOrCheck(file); // resumes
        assertThrows(IllegalArgumentException.class, () -> spec("bf16").writeOrCheck(file));
    }
}
