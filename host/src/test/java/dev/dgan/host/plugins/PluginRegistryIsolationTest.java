package dev.dgan.host.plugins;

import dev.dgan.api.BackboneProvider;
import dev.dgan.api.TaskProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken plugins beside working ones: each failure is listed once against its plugin and jar,
 * what the plugin did and what was expected, and the working plugins' backbones and tasks
 * stay available under their names.
 */
class PluginRegistryIsolationTest {

    @TempDir
    Path dir;

    private static List<String> failures(PluginRegistry registry) {
        return registry.failures().stream().map(f -> f.plugin() + ": " + f.reason()).sorted().toList();
    }

    private static List<String> backbones(PluginRegistry registry) {
        return registry.backbones().stream().map(BackboneProvider::name).sorted().toList();
    }

    @Test
    void providersWhoseNameOrDescriptionFailAreListedAndTheOthersWork() throws Exception {
        TestPlugins.good(dir);
        TestPlugins.nameThrows(dir);
        TestPlugins.nameNull(dir);
        TestPlugins.descriptionThrows(dir);
        try (PluginRegistry registry = PluginRegistry.open(dir)) {
            assertEquals(List.of(
                    "bad-description (bad-description.jar): backbone undescribed: description failed: NoSuchElementException: lost for words",
                    "bad-name (bad-name.jar): backbone provider badname.P: name failed: IllegalStateException: no name today",
                    "null-name (null-name.jar): backbone provider nullname.P: name returned null, expected the name users pass to --backbone (no spaces)"),
                    failures(registry));
            assertEquals(List.of("good"), backbones(registry));
            assertEquals("the backbone that works", registry.backbone("good").description());
            assertEquals("fine", registry.task("fine").name());
        }
    }

    @Test
    void constructorsThatThrowOrOverflowOrFailToInitialiseAreListed() throws Exception {
        TestPlugins.good(dir);
        TestPlugins.constructorThrows(dir);
        TestPlugins.constructorOverflows(dir);
        TestPlugins.staticInitializerThrows(dir);
        TestPlugins.noPublicConstructor(dir);
        try (PluginRegistry registry = PluginRegistry.open(dir)) {
            assertEquals(List.of(
                    "bad-constructor (bad-constructor.jar): extension badconstructor.P: constructor failed: IllegalStateException: cannot start",
                    "bad-static (bad-static.jar): extension badstatic.P: constructor failed: "
                            + "ExceptionInInitializerError (IllegalStateException: static state)",
                    "deep-constructor (deep-constructor.jar): extension deepconstructor.P: constructor failed: StackOverflowError"),
                    failures(registry).subList(0, 3));
            // the rest of this line is the JDK's own wording
            assertTrue(failures(registry).get(3).startsWith("hidden-constructor (hidden-constructor.jar): extension hiddenconstructor.P: "
                    + "cannot be made: expected a public class with a public no-argument constructor (IllegalAccessException: "),
                    failures(registry).get(3));
            assertEquals(4, failures(registry).size(), failures(registry).toString());
            assertEquals(List.of("good"), backbones(registry));
            // the plugins themselves started; they are listed, with nothing to offer
            assertEquals(List.of("bad-constructor", "bad-static", "deep-constructor", "good", "hidden-constructor"),
                    registry.plugins().stream().map(LoadedPlugin::id).toList());
        }
    }

    @Test
    void aBundledPluginKeepsItsNameAndTheImpostorIsRefusedNamingBothJars() throws Exception {
        TestPlugins.bundledStandIn(dir);
        TestPlugins.impostor(dir); // aaa-impostor.jar: first by file name
        TestPlugins.good(dir);
        try (PluginRegistry registry = PluginRegistry.open(dir)) {
            assertEquals(List.of("aaa (aaa-impostor.jar): backbone stylegan2 refused: plugin stylegan (dgan-plugin-stylegan.jar, "
                    + "bundled with dgan) already provides a backbone of that name"), failures(registry));
            assertEquals(List.of("aaa-extra", "good", "stylegan2"), backbones(registry));
            assertEquals("the bundled one", registry.backbone("stylegan2").description());
            assertEquals("the bundled one", registry.backbone("StyleGAN2").description());
            assertEquals("the impostor's own backbone", registry.backbone("aaa-extra").description());
        }
    }

    @Test
    void betweenTwoAddedJarsTheFirstByFileNameKeepsTheName() throws Exception {
        TestPlugins.twin(dir, "alpha", "z-alpha.jar");
        TestPlugins.twin(dir, "beta", "a-beta.jar");
        TestPlugins.sameNameTwice(dir);
        try (PluginRegistry registry = PluginRegistry.open(dir)) {
            assertEquals(List.of(
                    "alpha (z-alpha.jar): backbone twin refused: plugin beta (a-beta.jar) already provides a backbone of that name",
                    "alpha (z-alpha.jar): task twin-task refused: plugin beta (a-beta.jar) already provides a task of that name",
                    "same (same.jar): backbone Same refused: this plugin already provides a backbone of that name"),
                    failures(registry));
            assertEquals("the twin of beta", registry.backbone("twin").description());
            assertEquals(List.of("twin-task"), registry.tasks().stream().map(TaskProvider::name).toList());
            assertEquals(List.of("same", "twin"), backbones(registry));
        }
    }

    @Test
    void anUnknownNameListsTheFailuresSoTheUserSeesWhy() throws Exception {
        TestPlugins.nameThrows(dir);
        try (PluginRegistry registry = PluginRegistry.open(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.backbone("stylegan2"));
            assertTrue(e.getMessage().startsWith("unknown backbone 'stylegan2'; available: none"), e.getMessage());
            assertTrue(e.getMessage().contains("plugin bad-name (bad-name.jar) failed: backbone provider badname.P: name failed"), e.getMessage());
        }
    }
}
