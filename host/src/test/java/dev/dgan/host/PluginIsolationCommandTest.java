package dev.dgan.host;

import dev.dgan.host.plugins.PluginJars;
import dev.dgan.host.plugins.TestPlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands over a plugins folder holding the real StyleGAN plugin beside broken ones: a
 * command that picks a broken plugin ends with one line naming the plugin, the call and what
 * went wrong (exit status 3, no stack trace), and the same folder still samples with the real
 * backbone and lists everything.
 */
class PluginIsolationCommandTest {

    private static final Path DEMO = Path.of("..", "demo");

    @TempDir
    static Path plugins;

    private record Run(int exit, String out, String err) {}

    private static Run dgan(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Dgan.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void install() throws Exception {
        PluginJars.fromClassPath("dgan-plugin-stylegan", "plugins/stylegan", "stylegan", plugins.resolve("dgan-plugin-stylegan.jar"));
        TestPlugins.impostor(plugins);
        TestPlugins.nameThrows(plugins);
        TestPlugins.constructorThrows(plugins);
        TestPlugins.loadThrows(plugins);
        TestPlugins.loadReturnsNull(plugins);
        TestPlugins.loadMissesAClass(plugins);
        TestPlugins.sampleOverflows(plugins);
        TestPlugins.optionsThrow(plugins);
        TestPlugins.good(plugins);
    }

    private static Run sample(String backbone, Path out) {
        return dgan("--plugins", plugins.toString(), "sample", "--backbone", backbone, "--checkpoint", DEMO.resolve("G_ema.safetensors").toString(),
                "--config", DEMO.resolve("config.json").toString(), "--count", "1", "--out", out.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "evil    | plugin evil (evil.jar): backbone evil: load failed: IllegalStateException: boom",
            "nothing | plugin nothing (nothing.jar): backbone nothing: load returned null, expected a Backbone",
            "missing | plugin missing (missing.jar): backbone missing: load failed: NoClassDefFoundError: missing/Helper",
            "overflow | plugin overflow (overflow.jar): backbone overflow: sample failed: StackOverflowError"})
    void aBrokenBackboneEndsTheCommandInOneLineNamingPluginAndCall(String backbone, String expected, @TempDir Path out) {
        Run r = sample(backbone, out);
        assertEquals(Dgan.PLUGIN_FAILED, r.exit(), r.err());
        assertEquals("dgan: " + expected, r.err().strip());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void theRealBackboneStillSamplesBesideThemAndTheImpostorIsNeverCalled(@TempDir Path out) {
        // aaa-impostor.jar sorts first and claims stylegan2 too; its load would throw
        Run r = sample("stylegan2", out);
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("sample_0000.png")), r.out());
        assertTrue(r.out().contains("wrote 1 samples of stylegan2"), r.out());
    }

    @Test
    void pluginsListsEveryFailureOnceAndEveryWorkingBackboneOnce() {
        Run r = dgan("--plugins", plugins.toString(), "plugins");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().filter(l -> l.matches("\\s+backbone\\s+stylegan2 .*")).count(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+backbone\\s+stylegan1 .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+backbone\\s+aaa-extra .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+backbone\\s+good .*")), r.out());
        String failed = r.out().substring(r.out().indexOf("failed to load:"));
        assertEquals("""
                failed to load:
                  aaa (aaa-impostor.jar): backbone stylegan2 refused: plugin stylegan (dgan-plugin-stylegan.jar, bundled with dgan) \
                already provides a backbone of that name
                  bad-constructor (bad-constructor.jar): extension badconstructor.P: constructor failed: IllegalStateException: cannot start
                  bad-name (bad-name.jar): backbone provider badname.P: name failed: IllegalStateException: no name today
                """, failed);
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void trainHelpShowsTheBrokenTasksLineAndTheOtherTasksOptions() {
        Run r = dgan("--plugins", plugins.toString(), "train", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  broken-options: unknown (task broken-options: options failed: IllegalStateException: options misplaced)"),
                r.out());
        assertTrue(r.out().contains("  fine: none"), r.out());
    }

    @Test
    void anUnknownBackboneNamesTheFailedPluginsInItsOneLine(@TempDir Path out) {
        Run r = sample("bad", out);
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown backbone 'bad'") && r.err().contains("plugin bad-name (bad-name.jar) failed: "), r.err());
    }
}
