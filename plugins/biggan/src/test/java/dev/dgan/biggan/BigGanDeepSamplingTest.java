package dev.dgan.biggan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampling as truncated_noise_sample, config, provider and input errors. */
@ExtendWith(NoTensorLeaks.class)
class BigGanDeepSamplingTest {

    @ParameterizedTest(name = "truncation {0}")
    @CsvSource({"1.0", "0.4", "0.333"})
    void truncatedNoiseMatchesScipyBitForBit(String t) {
        float[] recorded = Fixture.readCase(t).get("z");
        // the fixture drew all 4 x 16 values from one RandomState(0)
        float[] drawn = TruncatedNormal.noiseSample(0, 64, Double.parseDouble(t));
        assertArrayEquals(recorded, drawn);
    }

    @Test
    void sampleDrawsOneTruncatedRowPerSeedWithItsClass() throws IOException {
        float[] recorded = Fixture.readCase("0.4").get("z");
        try (BigGanDeepBackbone g = BigGanDeepParityTest.load("safetensors");
             Latents l = g.sample(new SampleRequest(new long[] {0, 5}, Optional.of(new int[] {3, 9}), 0.4))) {
            assertEquals(Latents.Kind.Z, l.kind());
            assertArrayEquals(new long[] {2, 16}, l.values().shape());
            float[] z = l.values().toFloatArray();
            assertArrayEquals(Arrays.copyOf(recorded, 16), Arrays.copyOf(z, 16));
            assertArrayEquals(TruncatedNormal.noiseSample(5, 16, 0.4), Arrays.copyOfRange(z, 16, 32));
            for (float v : z) assertTrue(Math.abs(v) <= 0.8f);
            assertArrayEquals(new long[] {3, 9}, l.classes().orElseThrow().toLongArray());
            // the latents carry the truncation they were drawn at to synthesis (its batch-norm statistics)
            assertEquals(0.4, l.truncation());
            try (Tensor img = g.synthesize(l)) {
                assertArrayEquals(new long[] {2, 3, 32, 32}, img.shape());
            }
        }
    }

    @Test
    void configFromBothJsonLayouts() throws IOException {
        BigGanDeepConfig a = Fixture.config();
        BigGanDeepConfig b = BigGanDeepConfig.fromJson(Fixture.file("config.json"));
        assertEquals(a, b);
        assertEquals(32, a.resolution());
        assertEquals(7, a.moduleCount());
        assertEquals(4, a.attentionModuleIndex());
        assertEquals(List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 16, 1), new FeatureTap("layer.0", 128, 4), new FeatureTap("layer.1", 64, 8),
                new FeatureTap("layer.2", 64, 8), new FeatureTap("layer.3", 32, 16), new FeatureTap("layer.4", 32, 16),
                new FeatureTap("layer.5", 16, 16), new FeatureTap("layer.6", 8, 32)), BigGanDeepBackbone.taps(a));
    }

    @Test
    void imageNetClassCountsGetImageNetNames() {
        BigGanDeepConfig tiny = Fixture.config();
        assertEquals(List.of(), ((Conditioning.ClassLabels) BigGanDeepBackbone.info(tiny).conditioning()).names());
        BigGanDeepConfig imagenet = new BigGanDeepConfig(tiny.zDim(), 1000, tiny.channelWidth(), tiny.layers(),
                tiny.attentionLayerPosition(), tiny.eps(), tiny.nStats());
        Conditioning.ClassLabels labels = (Conditioning.ClassLabels) BigGanDeepBackbone.info(imagenet).conditioning();
        assertEquals(1000, labels.names().size());
        assertEquals("tench", labels.name(0));
        assertEquals("golden retriever", labels.name(207));
    }

    @Test
    void statisticsRowSelection() {
        assertEquals(new BigGanDeepBackbone.Stats(50, 0), BigGanDeepBackbone.Stats.of(1.0, 51));
        assertEquals(new BigGanDeepBackbone.Stats(20, 0), BigGanDeepBackbone.Stats.of(0.4, 51));
        BigGanDeepBackbone.Stats s = BigGanDeepBackbone.Stats.of(0.333, 51);
        assertEquals(16, s.start());
        assertEquals(0.65, s.coef(), 1e-9);
    }

    @Test
    void providerIsRegisteredAndReadsConfigNextToTheCheckpoint() throws IOException {
        BackboneProvider p = ServiceLoader.load(BackboneProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("biggan-deep")).findFirst().orElseThrow();
        try (Backbone b = p.load(BackboneSource.of(Fixture.file("native/pytorch_model.bin")), Device.CPU)) {
            assertEquals("biggan-deep", b.info().name());
            assertEquals(new Conditioning.ClassLabels(10), b.info().conditioning());
            assertEquals(16, b.info().zDim());
            assertEquals(32, b.info().resolution());
            assertEquals(3, b.info().imageChannels());
            assertEquals(8, b.info().taps().size());
        }
    }

    @Test
    void badInputsAreRejected() throws IOException {
        try (BigGanDeepBackbone g = BigGanDeepParityTest.load("safetensors")) {
            assertThrows(IllegalArgumentException.class,
                    () -> g.sample(SampleRequest.unconditional(new long[] {1}, 0.5)));
            assertThrows(IllegalArgumentException.class,
                    () -> g.sample(new SampleRequest(new long[] {1}, Optional.of(new int[] {10}), 0.5)));
            assertThrows(IllegalArgumentException.class,
                    () -> g.sample(new SampleRequest(new long[] {1}, Optional.of(new int[] {1}), 0.0)));
            try (Latents noClass = Latents.z(Tensor.of(new float[16], 1, 16));
                 Latents wrongDim = new Latents(Latents.Kind.Z, Tensor.of(new float[15], 1, 15),
                         Optional.of(Tensor.of(new long[] {1}, 1)));
                 Latents ok = new Latents(Latents.Kind.Z, Tensor.of(new float[16], 1, 16),
                         Optional.of(Tensor.of(new long[] {1}, 1)))) {
                assertThrows(IllegalArgumentException.class, () -> g.synthesize(noClass.withTruncation(0.5)));
                assertThrows(IllegalArgumentException.class, () -> g.synthesize(wrongDim.withTruncation(0.5)));
                assertThrows(IllegalArgumentException.class, () -> g.synthesize(ok.withTruncation(1.5)));
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(Fixture.file("model.safetensors"))) {
            Map<String, Tensor> sd = f.tensors();
            try {
                BigGanDeepConfig c = Fixture.config();
                BigGanDeepConfig wider = new BigGanDeepConfig(c.zDim(), c.numClasses(), 16, c.layers(),
                        c.attentionLayerPosition(), c.eps(), c.nStats());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> BigGanDeepWeights.fromStateDict(sd, wider, "model.safetensors", Device.CPU));
                assertTrue(e.getMessage().contains("generator.gen_z.weight_orig"), e.getMessage());
                sd.remove("generator.layers.4.gamma").close();
                e = assertThrows(IllegalArgumentException.class,
                        () -> BigGanDeepWeights.fromStateDict(sd, c, "model.safetensors", Device.CPU));
                assertTrue(e.getMessage().contains("missing tensor generator.layers.4.gamma"), e.getMessage());
            } finally {
                sd.values().forEach(Tensor::close);
            }
        }
    }
}
