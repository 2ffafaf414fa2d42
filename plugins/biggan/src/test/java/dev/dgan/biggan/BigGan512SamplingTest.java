package dev.dgan.biggan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.TapLevel;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampling as sample_dataset.py, config, provider, BigDatasetGAN checkpoint prefix and input errors. */
@ExtendWith(NoTensorLeaks.class)
class BigGan512SamplingTest {

    @Test
    void sampleDrawsTorchNormalPerSeedWithItsClass() throws IOException {
        float[] recorded = BrockFixture.readCase().get("z");
        try (BigGan512Backbone g = BrockFixture.load("safetensors");
             Latents l = g.sample(new SampleRequest(new long[] {0, 5}, Optional.of(new int[] {3, 9}), 1.0));
             Latents alone = g.sample(new SampleRequest(new long[] {5}, Optional.of(new int[] {9}), 1.0))) {
            assertEquals(Latents.Kind.Z, l.kind());
            assertArrayEquals(new long[] {2, 60}, l.values().shape());
            float[] z = l.values().toFloatArray();
            // the fixture's first z is torch.manual_seed(0); torch.empty(1, 60).normal_(0, 0.9)
            assertArrayEquals(Arrays.copyOf(recorded, 60), Arrays.copyOf(z, 60));
            assertArrayEquals(alone.values().toFloatArray(), Arrays.copyOfRange(z, 60, 120));
            assertArrayEquals(new long[] {3, 9}, l.classes().orElseThrow().toLongArray());
            try (Tensor img = g.synthesize(l)) {
                assertArrayEquals(new long[] {2, 3, 128, 128}, img.shape());
            }
        }
    }

    @Test
    void configOfTheFixtureAndOfTheReal512Model() throws IOException {
        BigGan512Config c = BrockFixture.config();
        assertEquals(60, c.zDim());
        assertEquals(10, c.zChunkSize());
        assertEquals(6, c.numSlots());
        assertEquals(42, c.ccbnInputSize());
        assertEquals(1024, c.linearOut());
        assertEquals(1e-4, c.bnEps());
        assertEquals(1e-4, c.snEps());
        assertEquals(0.9, c.zVar());
        assertEquals(128, c.imageResolution());
        assertEquals(List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 32, 1), new FeatureTap("feat.0", 64, 8), new FeatureTap("feat.1", 32, 16),
                new FeatureTap("feat.2", 16, 32), new FeatureTap("feat.3", 16, 32), new FeatureTap("feat.4", 8, 64),
                new FeatureTap("feat.5", 4, 128)), BigGan512Backbone.taps(c));

        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"G_ch\": 96, \"dim_z\": 128, \"shared_dim\": 128, \"G_attn\": \"64\", \"resolution\": 512,"
                        + " \"n_classes\": 1000, \"hier\": true, \"G_shared\": true, \"BN_eps\": 1e-4, \"SN_eps\": 1e-4}");
        BigGan512Config big = BigGan512Config.fromJson(json);
        assertEquals(128, big.zDim());
        assertEquals(16, big.zChunkSize());
        assertEquals(Set.of(64), big.attentionResolutions());
        assertEquals(List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 128, 1), new FeatureTap("feat.0", 1536, 8), new FeatureTap("feat.1", 768, 16),
                new FeatureTap("feat.2", 768, 32), new FeatureTap("feat.3", 384, 64), new FeatureTap("feat.4", 384, 64),
                new FeatureTap("feat.5", 192, 128), new FeatureTap("feat.6", 96, 256), new FeatureTap("feat.7", 96, 512)),
                BigGan512Backbone.taps(big));
        assertEquals(512, big.imageResolution());
    }

    /** BigDatasetGAN's segmentation head hard-codes these groups and channel counts (3072, 960, 192). */
    @Test
    void levelsOfTheReal512ModelAreBigDatasetGansGrouping() throws IOException {
        BackboneInfo info = BigGan512Backbone.info(real512());
        assertEquals(List.of(new TapLevel("low", 32, List.of("feat.0", "feat.1", "feat.2")),
                new TapLevel("mid", 128, List.of("feat.3", "feat.4", "feat.5")),
                new TapLevel("high", 512, List.of("feat.6", "feat.7"))), info.levels());
        List<Integer> channels = info.levels().stream()
                .map(l -> l.taps().stream().mapToInt(t -> info.tap(t).orElseThrow().channels()).sum()).toList();
        assertEquals(List.of(3072, 960, 192), channels);
        assertEquals(FeatureTap.CLASS_EMBEDDING, info.taps().get(0).name());
        Conditioning.ClassLabels labels = (Conditioning.ClassLabels) info.conditioning();
        assertEquals(1000, labels.names().size());
        assertEquals("golden retriever", labels.name(207));
        assertEquals(List.of(), ((Conditioning.ClassLabels) BigGan512Backbone.info(BrockFixture.config()).conditioning())
                .names());
    }

    static BigGan512Config real512() throws IOException {
        return BigGan512Config.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"G_ch\": 96, \"dim_z\": 128, \"shared_dim\": 128, \"G_attn\": \"64\", \"resolution\": 512,"
                        + " \"n_classes\": 1000, \"hier\": true, \"G_shared\": true, \"BN_eps\": 1e-4, \"SN_eps\": 1e-4}"));
    }

    @Test
    void providerIsRegisteredAndReadsConfigNextToTheCheckpoint() throws IOException {
        BackboneProvider p = ServiceLoader.load(BackboneProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("biggan")).findFirst().orElseThrow();
        try (Backbone b = p.load(BackboneSource.of(BrockFixture.file("biggan-tiny128.pth")), Device.CPU)) {
            assertEquals("biggan", b.info().name());
            assertEquals("brock", b.info().variant());
            assertEquals(new Conditioning.ClassLabels(10), b.info().conditioning());
            assertEquals(60, b.info().zDim());
            assertEquals(128, b.info().resolution());
            assertEquals(3, b.info().imageChannels());
            assertEquals(7, b.info().taps().size());
        }
    }

    @Test
    void bigDatasetGanPrefixIsStripped() throws IOException {
        BrockFixture.Case c = BrockFixture.readCase();
        try (SafetensorsFile f = SafetensorsFile.open(BrockFixture.file("G.safetensors"))) {
            Map<String, Tensor> sd = f.tensors();
            Map<String, Tensor> prefixed = new LinkedHashMap<>();
            sd.forEach((k, v) -> prefixed.put("biggan_model." + k, v));
            try (BigGan512Backbone g = BigGan512Backbone.fromStateDict(prefixed, BrockFixture.config(), "prefixed",
                    Device.CPU);
                 Latents z = BigGan512ParityTest.caseLatents(c);
                 Tensor img = g.synthesize(z)) {
                assertTrue(Fixture.maxAbsDiff(c.get("img"), img.toFloatArray()) <= BigGan512ParityTest.IMG_ATOL);
            } finally {
                sd.values().forEach(Tensor::close);
            }
        }
    }

    @Test
    void badInputsAreRejected() throws IOException {
        try (BigGan512Backbone g = BrockFixture.load("safetensors")) {
            assertThrows(IllegalArgumentException.class,
                    () -> g.sample(SampleRequest.unconditional(new long[] {1}, 1.0)));
            assertThrows(IllegalArgumentException.class,
                    () -> g.sample(new SampleRequest(new long[] {1}, Optional.of(new int[] {10}), 1.0)));
            // it draws plain normal z, so a truncated request would silently not be what was asked
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> g.sample(new SampleRequest(new long[] {1}, Optional.of(new int[] {1}), 0.5))).getMessage()
                    .contains("truncation must be 1"));
            try (Latents noClass = Latents.z(Tensor.of(new float[60], 1, 60));
                 Latents dimZ = new Latents(Latents.Kind.Z, Tensor.of(new float[64], 1, 64),
                         Optional.of(Tensor.of(new long[] {1}, 1)));
                 Latents badClass = new Latents(Latents.Kind.Z, Tensor.of(new float[60], 1, 60),
                         Optional.of(Tensor.of(new long[] {10}, 1)))) {
                assertThrows(IllegalArgumentException.class, () -> g.synthesize(noClass));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.synthesize(dimZ));
                assertTrue(e.getMessage().contains("6 chunks of 10"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> g.synthesize(badClass));
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(BrockFixture.file("G.safetensors"))) {
            Map<String, Tensor> sd = f.tensors();
            try {
                BigGan512Config c = BrockFixture.config();
                BigGan512Config wider = new BigGan512Config(8, c.dimZ(), c.sharedDim(), c.attentionResolutions(),
                        c.resolution(), c.nClasses(), c.hier(), c.bnEps(), c.snEps(), c.bottomWidth(), c.zVar());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> BigGan512Weights.fromStateDict(sd, wider, "G.safetensors", Device.CPU));
                assertTrue(e.getMessage().contains("linear.weight"), e.getMessage());
                sd.remove("blocks.2.1.gamma").close();
                e = assertThrows(IllegalArgumentException.class,
                        () -> BigGan512Weights.fromStateDict(sd, c, "G.safetensors", Device.CPU));
                assertTrue(e.getMessage().contains("missing tensor blocks.2.1.gamma"), e.getMessage());
            } finally {
                sd.values().forEach(Tensor::close);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> BigGan512Config.fromJson(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        "{\"G_ch\": 4, \"dim_z\": 64, \"resolution\": 100, \"n_classes\": 10}")));
    }
}
