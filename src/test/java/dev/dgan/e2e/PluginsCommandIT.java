package dev.dgan.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dgan plugins} over the bundled plugins, and with a broken or competing plugin beside them. */
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
    void aCopyOfABundledPluginUnderAnotherIdCannotTakeOverItsBackbones(@TempDir Path dir) throws Exception {
        Path plugins = DganProcess.dist().resolve("plugins");
        try (Stream<Path> jars = Files.list(plugins)) {
            for (Path jar : jars.toList()) Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        // first by file name, so only the host's preference for its bundled plugins keeps stylegan2 theirs
        copyAs(plugins.resolve("dgan-plugin-stylegan.jar"), dir.resolve("aaa-copy.jar"), "aaa-copy");
        DganProcess.Result r = DganProcess.run(Map.of("DGAN_PLUGINS", dir.toString()), "plugins");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().filter(l -> l.matches("\\s+backbone\\s+stylegan2 .*")).count(), r.out());
        assertTrue(r.out().contains("  aaa-copy (aaa-copy.jar): backbone stylegan2 refused: plugin stylegan "
                + "(dgan-plugin-stylegan.jar, bundled with dgan) already provides a backbone of that name"), r.out());
        assertTrue(r.out().contains("  aaa-copy (aaa-copy.jar): backbone stylegan1 refused: "), r.out());
        // the copy itself is still listed, with nothing left to offer
        assertTrue(r.out().contains("\naaa-copy ") && r.out().contains("(no backbones or tasks)"), r.out());
    }

    /** {@code jar} with its manifest's Plugin-Id replaced: the same extensions under another plugin. */
    private static void copyAs(Path jar, Path copy, String pluginId) throws Exception {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Plugin-Id", pluginId);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) continue;
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (var data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
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
