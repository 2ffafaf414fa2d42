package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.TensorEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real stylegan2-ada snapshot of the shared fixtures ({@code ../shared/fixtures/stylegan2-ada/
 * network-snapshot.pkl} beside the repository, or under the folder the system property
 * {@code dgan.fixtures} names). It is never copied into the repository: it embeds the reference's
 * Python source. Skipped when absent.
 */
@ExtendWith(NoTensorLeaks.class)
class NvidiaSnapshotFixtureTest {

    private static Path pkl;
    private static NvidiaSnapshot snapshot;

    @BeforeAll
    static void readSnapshot() throws IOException {
        pkl = sharedFixtures().resolve("stylegan2-ada/network-snapshot.pkl");
        if (Files.isRegularFile(pkl)) snapshot = NvidiaSnapshot.read(pkl);
    }

    /** Per test, so each shows as skipped with the reason. */
    @BeforeEach
    void needsTheSharedFixture() {
        assumeTrue(snapshot != null, "skipped: no shared fixture " + pkl + " (set -Ddgan.fixtures=<fixtures dir>"
                + " or place the shared fixtures at ../shared/fixtures beside the repository)");
    }

    /** {@code dgan.fixtures}, else {@code <repository root>/../shared/fixtures}. */
    static Path sharedFixtures() {
        String property = System.getProperty("dgan.fixtures");
        if (property != null && !property.isBlank()) return Path.of(property).toAbsolutePath();
        Path dir = Path.of("").toAbsolutePath();
        // The repository root is the top-most folder of the chain with a pom.xml (the module's parent pom).
        while (dir.getParent() != null && Files.isRegularFile(dir.getParent().resolve("pom.xml"))) dir = dir.getParent();
        return dir.resolve("../shared/fixtures").normalize();
    }

    @Test
    void namesNoGlobalTheTrainingCodeDoesNotWrite() {
        assertEquals(List.of(), snapshot.unexpectedGlobals(), "a real snapshot gets no warning");
    }

    @Test
    void holdsGDAndGEmaAndTheTrainingSetKwargs() {
        assertEquals(Set.of("G", "D", "G_ema"), snapshot.networks());
        assertEquals(List.of("G", "D", "G_ema"), List.copyOf(snapshot.networks()));
        Map<?, ?> dataset = (Map<?, ?>) snapshot.data().get("training_set_kwargs");
        assertEquals("training.dataset.ImageFolderDataset", dataset.get("class_name"));
        assertEquals(32L, dataset.get("resolution"));
        assertEquals(false, dataset.get("use_labels"));
        assertTrue(snapshot.data().containsKey("augment_pipe"));
        assertEquals(null, snapshot.data().get("augment_pipe"));
    }

    @Test
    void gEmaStateDictHasTheReferenceNamesOrderAndBytes() throws IOException {
        SnapshotModule g = snapshot.network("G_ema");
        assertEquals("Generator", g.className());
        assertTrue(g.isPersistent());
        assertTrue(g.moduleSourceLength() > 10_000, "the module source is measured: " + g.moduleSourceLength());
        assertTrue(g.moduleName().isEmpty(), "a persistent pickle does not name the module");
        Map<String, StoredTensor> sd = g.stateDict();
        assertEquals(87, sd.size());
        try (TorchCheckpoint pt = TorchCheckpoint.read(fixture("stylegan2-ada/G_ema_state_dict.pt"))) {
            assertEquals(List.copyOf(pt.stateDict().keySet()), List.copyOf(sd.keySet()), "state_dict() order");
        }
        Map<String, Tensor> loaded = g.loadStateDict();
        try (SafetensorsFile st = SafetensorsFile.open(fixture("stylegan2-ada/G_ema.safetensors"))) {
            assertEquals(new TreeSet<>(st.names()), new TreeSet<>(loaded.keySet()));
            for (Map.Entry<String, Tensor> e : loaded.entrySet()) {
                TensorEntry ref = st.get(e.getKey());
                Tensor t = e.getValue();
                assertEquals(ref.dtype(), t.dtype(), e.getKey());
                if (t.shape().length == 0) {
                    assertArrayEquals(new long[] {1}, ref.shape(), e.getKey() + ": the export stores 0-dim tensors as [1]");
                } else {
                    assertArrayEquals(ref.shape(), t.shape(), e.getKey());
                }
                assertArrayEquals(ref.data().toArray(ValueLayout.JAVA_BYTE), t.data().toArray(ValueLayout.JAVA_BYTE),
                        e.getKey() + ": bytes");
            }
        } finally {
            loaded.values().forEach(Tensor::close);
        }
    }

    @Test
    void gEmaInitKwargsAreTheConfigsGKwargs() throws IOException {
        Map<String, Object> kw = snapshot.network("G_ema").initKwargs();
        assertEquals(64L, kw.get("z_dim"));
        assertEquals(64L, kw.get("w_dim"));
        assertEquals(0L, kw.get("c_dim"));
        assertEquals(32L, kw.get("img_resolution"));
        assertEquals(3L, kw.get("img_channels"));
        assertEquals(Map.of("num_layers", 8L), kw.get("mapping_kwargs"));
        assertEquals(Map.of("channel_base", 512L, "channel_max", 32L, "num_fp16_res", 4L, "conv_clamp", 256L),
                kw.get("synthesis_kwargs"));
    }

    @Test
    void submodulesExposeTheirAttributesAndChildren() throws IOException {
        SnapshotModule g = snapshot.network("G_ema");
        assertEquals(List.of("synthesis", "mapping"), List.copyOf(g.children().keySet()));
        SnapshotModule mapping = g.child("mapping");
        assertEquals("MappingNetwork", mapping.className());
        assertEquals("G_ema.mapping", mapping.path());
        assertEquals(0.995, (Double) mapping.attributes().get("w_avg_beta"), 0.0);
        assertEquals(Set.of("w_avg"), mapping.buffers().keySet());
        SnapshotModule fc0 = g.child("mapping.fc0");
        assertEquals("FullyConnectedLayer", fc0.className());
        assertEquals(List.of(64L, 64L), fc0.initArgs());
        assertEquals(Map.of("activation", "lrelu", "lr_multiplier", 0.01), fc0.initKwargs());
        // weight_gain is a numpy float64: lr_multiplier / sqrt(in_features) = 0.01 / 8
        assertEquals(0.01 / 8, (Double) fc0.attributes().get("weight_gain"), 1e-15);
        assertEquals("SynthesisLayer", g.child("synthesis.b8.conv0").className());
        assertFalse(fc0.attributes().containsKey("_parameters"));
    }

    @Test
    void gIsARawInitThatDiffersFromGEma() throws IOException {
        SnapshotModule g = snapshot.network("G");
        SnapshotModule ema = snapshot.network("G_ema");
        assertEquals(ema.stateDict().keySet(), g.stateDict().keySet());
        Map<String, Tensor> a = g.loadStateDict();
        Map<String, Tensor> b = ema.loadStateDict();
        try {
            long differing = a.keySet().stream()
                    .filter(k -> !Arrays.equals(a.get(k).data().toArray(ValueLayout.JAVA_BYTE), b.get(k).data().toArray(ValueLayout.JAVA_BYTE)))
                    .count();
            assertTrue(differing > 0, "G equals G_ema in every tensor");
        } finally {
            a.values().forEach(Tensor::close);
            b.values().forEach(Tensor::close);
        }
    }

    @Test
    void dIsADiscriminator() throws IOException {
        SnapshotModule d = snapshot.network("D");
        assertEquals("Discriminator", d.className());
        assertEquals(Map.of("mbstd_group_size", 4L), d.initKwargs().get("epilogue_kwargs"));
        assertTrue(d.stateDict().keySet().stream().anyMatch(k -> k.startsWith("b32.")), d.stateDict().keySet().toString());
        assertTrue(d.stateDict().containsKey("b4.out.weight"), d.stateDict().keySet().toString());
    }

    @Test
    void missingNetworkNamesTheKeyAndTheNetworksPresent() {
        CheckpointFormatException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointFormatException.class,
                () -> snapshot.network("g_ema"));
        assertTrue(e.getMessage().contains("network-snapshot.pkl"), e.getMessage());
        assertTrue(e.getMessage().contains("'g_ema'"), e.getMessage());
        assertTrue(e.getMessage().contains("[G, D, G_ema]"), e.getMessage());
    }
}
