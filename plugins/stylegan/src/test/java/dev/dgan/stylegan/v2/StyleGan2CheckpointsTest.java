package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.Latents;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The file recognition the plugin's provider uses: every checkpoint kind gives the reference image. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2CheckpointsTest {

    /** {@code -Ddgan.fixtures}, else {@code ../shared/fixtures} beside the repository. */
    static Path sharedFixtures() {
        String property = System.getProperty("dgan.fixtures");
        if (property != null && !property.isBlank()) return Path.of(property);
        Path dir = Path.of("").toAbsolutePath();
        Path root = dir;
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml"))) root = p;
        }
        return root.resolveSibling("shared").resolve("fixtures");
    }

    static void assertReferenceImage(StyleGan2Backbone g) {
        Fixture.Case c = Fixture.readCase("0.7");
        try (Latents z = Latents.z(Tensor.of(c.get("z"), 4, 64)); Tensor img = g.synthesize(z.withTruncation(0.7))) {
            double d = Fixture.maxAbsDiff(c.get("img"), img.toFloatArray());
            assertTrue(d <= StyleGan2ParityTest.ATOL, "img max abs diff " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"G_ema.safetensors", "G_ema_state_dict.pt"})
    void stateDictsWithAConfigFile(String name) throws Exception {
        try (StyleGan2Backbone g = StyleGan2Checkpoints.load(
                BackboneSource.of(Fixture.file(name), Fixture.file("config.json")), Device.CPU)) {
            assertEquals("nvlabs", g.info().variant());
            assertReferenceImage(g);
        }
    }

    @Test
    void aStateDictWithoutConfigAsksForOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StyleGan2Checkpoints.load(BackboneSource.of(Fixture.file("G_ema_state_dict.pt")), Device.CPU));
        assertTrue(e.getMessage().contains("G_ema_state_dict.pt") && e.getMessage().contains("--config"), e.getMessage());
    }

    @Test
    void anUnrelatedCheckpointIsNamedAsSuch() {
        Path other = Path.of("src/test/resources/stylegan1-datasetgan/g_all.pt").toAbsolutePath();
        var e = assertThrows(IllegalArgumentException.class, () -> StyleGan2Checkpoints.load(
                BackboneSource.of(other, Fixture.file("config.json")), Device.CPU));
        assertTrue(e.getMessage().contains("not a StyleGAN2 generator"), e.getMessage());
    }

    @Test
    void networkSnapshotCarriesItsOwnConfig() throws Exception {
        Path pkl = sharedFixtures().resolve("stylegan2-ada/network-snapshot.pkl");
        assumeTrue(Files.isRegularFile(pkl), "skipped: no shared fixture " + pkl
                + " (.pkl snapshots are not kept in the repository; set -Ddgan.fixtures=<fixtures dir>)");
        try (StyleGan2Backbone g = StyleGan2Checkpoints.load(BackboneSource.of(pkl), Device.CPU)) {
            assertEquals(Fixture.config().toKwargs(), g.config().toKwargs());
            assertReferenceImage(g);
        }
    }
}
