package dev.dgan.runtime.checkpoint;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Base of the "a file cannot run code" tests: {@link #command} would create {@link #marker}
 * if anything ran it, and every test ends by checking the marker is absent. The control test
 * runs the command on purpose, so the marker's absence elsewhere means something.
 */
abstract class MarkerCommandTest {

    @TempDir
    Path dir;

    Path marker;
    String command;

    @BeforeEach
    void setUpMarker() {
        marker = dir.resolve("pwned");
        command = "touch " + marker;
    }

    @AfterEach
    void nothingRan() {
        assertFalse(Files.exists(marker), "the file's command ran");
    }

    @Test
    void theMarkerCommandWouldCreateTheFileIfItRan() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(marker));
        Files.delete(marker);
    }
}
