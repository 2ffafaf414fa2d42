package dev.dgan.host.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    @Test
    void aRunDescriptionThatAppearsWhileThisRunStartsMeansAnotherRunIsThere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        // not there when looked for, there when created: what a run started at the same moment leaves
        Files.createSymbolicLink(file, dir.resolve("written-meanwhile"));
        var e = assertThrows(IllegalArgumentException.class, () -> spec(3).writeOrCheck(file));
        assertEquals("another run is writing into " + dir + " (run.json appeared while this one started); use another --out,"
                + " or wait for that run to finish", e.getMessage());
    }

    @Test
    void runsStartedTogetherEachEitherProceedOrAreToldWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        int runs = 6;
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) all.add(pool.submit(() -> {
                start.await();
                spec(3).writeOrCheck(file);
                return null;
            }));
            for (var f : all) {
                try {
                    f.get();
                } catch (ExecutionException x) {
                    var refused = assertInstanceOf(IllegalArgumentException.class, x.getCause());
                    assertTrue(refused.getMessage().startsWith("another run is writing into " + dir), refused.getMessage());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        spec(3).writeOrCheck(file); // what was written is whole: the same run resumes
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }
}
