package dev.dgan.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dgan plugins} over the bundled plugins, and with a broken plugin beside them. */
class PluginsCommandIT {

    @Test
    void listsTheBundledBackbonesWithVersions() throws Exception {
        DganProcess.Result r = DganProcess.run("plugins");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\\nstylegan \\d+\\.\\d+\\.\\d+.*"), r.out());
        assertTrue(r.out().matches("(?s).*backbone\\s+stylegan2 .*"), r.out());
        assertTrue(r.out().matches("(?s).*backbone\\s+stylegan1 .*"), r.out());
        assertFalse(r.out().contains("failed to load"), r.out());
    }

    @Test
    void aBrokenPluginIsReportedByNameAndTheRestStillWork(@TempDir Path dir) throws Exception {
        try (Stream<Path> jars = Files.list(DganProcess.dist().resolve("plugins"))) {
            for (Path jar : jars.toList()) Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        Files.writeString(dir.resolve("half-downloaded.jar"), "not a zip");
        DganProcess.Result r = DganProcess.run(Map.of("DGAN_PLUGINS", dir.toString()), "plugins");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("failed to load") && r.out().contains("half-downloaded.jar: "), r.out());
        assertTrue(r.out().matches("(?s).*backbone\\s+stylegan2 .*"), r.out());
    }

    @Test
    void aMissingPluginsDirectoryIsOneClearError(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere");
        DganProcess.Result r = DganProcess.run("--plugins", missing.toString(), "plugins");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(missing.toString()), r.err());
    }

    @Test
    void trainHelpListsTheOptionsOfTheInstalledTasks() throws Exception {
        DganProcess.Result r = DganProcess.run("train", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Task options (-O KEY=VALUE), by installed task:"), r.out());
        assertTrue(r.out().contains("  segmentation (default): models") && r.out().contains("  keypoints: models")
                && r.out().contains("  bigdatasetgan: models"), r.out());
        assertTrue(r.out().contains("sigma") && r.out().contains("min-class-pixels"), r.out());
    }
}
