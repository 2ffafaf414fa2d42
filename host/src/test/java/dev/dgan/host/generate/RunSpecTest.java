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
        assertTrue(e.getMessage().contains("--seed: the run there used 3, this one asks for 4"), e.getMessage());
        assertTrue(!e.getMessage().contains("RunSpec["), "names the options, not the record: " + e.getMessage());
    }

    @Test
    void aDatasetWithoutRunDescriptionIsNotMixedWith(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metadata.jsonl"), "{}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> spec(3).writeOrCheck(dir.resolve("run.json")));
        assertTrue(e.getMessage().contains("holds a dataset without a run description"), e.getMessage());
        Files.writeString(dir.resolve("run-1-of-2.json"), "{}");
        spec(3).writeOrCheck(dir.resolve("run-0-of-2.json")); // another shard of a described run: fine
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
        assertTrue(e.getMessage().contains("--precision: the run there used bf16, this one asks for fp32"), e.getMessage());
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
