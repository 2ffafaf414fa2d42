package dev.dgan.host.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

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
}
