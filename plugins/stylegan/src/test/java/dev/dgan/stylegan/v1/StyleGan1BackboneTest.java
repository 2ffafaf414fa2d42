package dev.dgan.stylegan.v1;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.checkpoint.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampling, noise modes, latent kinds, input validation, config parsing and ownership. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan1BackboneTest {

    @TempDir
    Path dir;

    private static final StyleGan1Config CONFIG32 =
            new StyleGan1Config(32, 4, 0.7, Optional.empty(), Optional.empty());

    static StyleGan1Backbone res32() throws IOException {
        try (TensorScope s = TensorScope.open()) {
            return StyleGan1Backbone.create(Fixture.load("g_all.safetensors"), CONFIG32,
                    NpyFile.read(Fixture.path("avg_latent.npy")), Device.CPU);
        }
    }

    /** Builds from the res32 weights after {@code edit} changed the state dict; returns the error. */
    private static IllegalArgumentException rejected(Consumer<Map<String, Tensor>> edit) throws IOException {
        try (TensorScope s = TensorScope.open()) {
            Map<String, Tensor> sd = new LinkedHashMap<>(Fixture.load("g_all.safetensors"));
            edit.accept(sd);
            Tensor avg = NpyFile.read(Fixture.path("avg_latent.npy"));
            long live = Tensor.liveCount();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StyleGan1Backbone.create(sd, CONFIG32, avg, Device.CPU));
            assertEquals(live, Tensor.liveCount(), "a failed construction leaves nothing allocated");
            return e;
        }
    }

    private static void assertMessage(Throwable e, String... phrases) {
        for (String p : phrases) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }

    @Test
    void infoDescribesTheCheckpoint() throws IOException {
        try (StyleGan1Backbone bb = res32()) {
            var info = bb.info();
            assertEquals("stylegan1", info.name());
            assertEquals("datasetgan", info.variant());
            assertEquals(3, info.imageChannels());
            assertFalse(info.conditioning().isConditional());
            assertEquals(8, bb.generator().noiseLayers().size());
            assertEquals("g_synthesis.blocks.4x4.epi1.top_epi.noise", bb.generator().noiseLayers().getFirst());
            assertEquals("g_synthesis.blocks.32x32.epi2.top_epi.noise", bb.generator().noiseLayers().getLast());
        }
    }

    @Test
    void sampleDrawsOneLatentPerSeedIndependentOfTheBatch() throws IOException {
        try (StyleGan1Backbone bb = res32(); TensorScope s = TensorScope.open()) {
            Latents ab = bb.sample(SampleRequest.unconditional(new long[] {11, 22}, 1.0));
            Latents b = bb.sample(SampleRequest.unconditional(new long[] {22}, 1.0));
            assertEquals(Latents.Kind.Z, ab.kind());
            assertArrayEquals(new long[] {2, 64}, ab.values().shape());
            assertArrayEquals(Ops.narrow(ab.values(), 0, 1, 1).toFloatArray(), b.values().toFloatArray());
            assertNotEquals(Ops.narrow(ab.values(), 0, 0, 1).toFloatArray()[0], b.values().toFloatArray()[0]);
            assertThrows(IllegalArgumentException.class,
                    () -> bb.sample(new SampleRequest(new long[] {1}, Optional.of(new int[] {0}), 1.0)));
        }
    }

    @Test
    void noiseIsDeterministicPerSampleAndIndependentOfTheBatch() throws IOException {
        try (StyleGan1Backbone bb = res32(); TensorScope s = TensorScope.open()) {
            Tensor zab = StyleGan1Backbone.drawZ(new long[] {5, 6}, 64);
            Tensor zb = StyleGan1Backbone.drawZ(new long[] {6}, 64);
            // seeded noise: same seed, same picture, whatever the batch
            Tensor imgAb = bb.synthesize(Latents.z(zab.share()).withTruncation(0.7), null, new StyleGan1Noise.Seeded(new long[] {5, 6}));
            Tensor imgB = bb.synthesize(Latents.z(zb.share()).withTruncation(0.7), null, new StyleGan1Noise.Seeded(new long[] {6}));
            assertTrue(Fixture.maxAbsDiff(Ops.narrow(imgAb, 0, 1, 1), imgB) <= 1e-4, "batch independence (seeded)");
            Tensor again = bb.synthesize(Latents.z(zb.share()).withTruncation(0.7), null, new StyleGan1Noise.Seeded(new long[] {6}));
            assertEquals(0.0, Fixture.maxAbsDiff(imgB, again), "same seed, same image");
            Tensor other = bb.synthesize(Latents.z(zb.share()).withTruncation(0.7), null, new StyleGan1Noise.Seeded(new long[] {7}));
            assertTrue(Fixture.maxAbsDiff(imgB, other) > 1e-3, "another noise seed changes the image");
            Tensor none = bb.synthesize(Latents.z(zb.share()).withTruncation(0.7), null, StyleGan1Noise.NONE);
            assertTrue(Fixture.maxAbsDiff(imgB, none) > 1e-3, "no noise differs from noise");

            // default: seeded from the latent itself
            Tensor d1 = bb.synthesize(Latents.z(zab.share()).withTruncation(0.7));
            Tensor d2 = bb.synthesize(Latents.z(zb.share()).withTruncation(0.7));
            assertTrue(Fixture.maxAbsDiff(Ops.narrow(d1, 0, 1, 1), d2) <= 1e-4, "batch independence (latent-seeded)");
            assertEquals(0.0, Fixture.maxAbsDiff(d2, bb.synthesize(Latents.z(zb.share()).withTruncation(0.7))));
            assertTrue(StyleGan1Backbone.latentSeeds(zab)[1] == StyleGan1Backbone.latentSeeds(zb)[0]);
        }
    }

    @Test
    void wAndWsLatentsSkipTheMappingAndTruncation() throws IOException {
        try (StyleGan1Backbone bb = res32(); TensorScope s = TensorScope.open()) {
            StyleGan1Generator g = bb.generator();
            Tensor z = StyleGan1Backbone.drawZ(new long[] {1, 2}, 64);
            Tensor w = g.mapping(z);
            StyleGan1Noise noise = new StyleGan1Noise.Seeded(new long[] {1, 2});
            Tensor fromZ = bb.synthesize(Latents.z(z.share()), null, noise);
            Tensor fromW = bb.synthesize(new Latents(Latents.Kind.W, w.share(), Optional.empty()).withTruncation(0.7), null, noise);
            assertEquals(0.0, Fixture.maxAbsDiff(fromZ, fromW), "W is broadcast and used untruncated");
            Tensor ws = Ops.contiguous(g.truncate(g.broadcast(w), 0.5));
            Tensor fromZ05 = bb.synthesize(Latents.z(z.share()).withTruncation(0.5), null, noise);
            Tensor fromWs = bb.synthesize(new Latents(Latents.Kind.WS, ws.share(), Optional.empty()).withTruncation(0.7), null, noise);
            assertEquals(0.0, Fixture.maxAbsDiff(fromZ05, fromWs), "WS is used as is");
            assertArrayEquals(new long[] {2, 3, 32, 32}, fromWs.shape());
        }
    }

    @Test
    void synthesizeFreesEverythingButTheImage() throws IOException {
        try (StyleGan1Backbone bb = res32()) {
            long live = Tensor.liveCount();
            List<String> seen = new ArrayList<>();
            FeatureSink sink = (tap, map) -> {
                assertArrayEquals(new long[] {1, tap.channels(), tap.resolution(), tap.resolution()}, map.shape());
                seen.add(tap.name());
            };
            try (Latents z = bb.sample(SampleRequest.unconditional(new long[] {3}, 0.7))) {
                try (Tensor img = bb.synthesize(z.withTruncation(0.7), sink)) {
                    assertEquals(live + 2, Tensor.liveCount(), "the latents and the image");
                    assertArrayEquals(new long[] {1, 3, 32, 32}, img.shape());
                }
            }
            assertEquals(live, Tensor.liveCount());
            assertEquals(8, seen.size());
        }
    }

    @Test
    void badLatentsAndNoiseAreRejectedWithTheExpectedShape() throws IOException {
        try (StyleGan1Backbone bb = res32(); TensorScope s = TensorScope.open()) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> bb.synthesize(Latents.z(Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 2, 512)).withTruncation(0.7))),
                    "Z latents", "[2, 512]", "[N, 64]");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> bb.synthesize(new Latents(Latents.Kind.WS, Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 1, 7, 64),
                            Optional.empty()).withTruncation(0.7))),
                    "WS latents", "[1, 7, 64]", "[N, 8, 64]", "[N, 18, 64]");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> bb.synthesize(new Latents(Latents.Kind.W, Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 1, 1, 64),
                            Optional.empty()).withTruncation(0.7))),
                    "W latents", "[N, 64]");
            Tensor z = StyleGan1Backbone.drawZ(new long[] {1}, 64);
            assertMessage(assertThrows(IllegalArgumentException.class, () -> bb.synthesize(Latents.z(z.share()).withTruncation(1.5))), "psi");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> bb.synthesize(Latents.z(z.share()).withTruncation(0.7), null, new StyleGan1Noise.Seeded(new long[] {1, 2}))),
                    "2 noise seeds for 1 samples");
            Map<String, Tensor> noise = new LinkedHashMap<>(bb.generator().seededNoise(new long[] {1}));
            noise.remove("g_synthesis.blocks.8x8.epi2.top_epi.noise");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> bb.synthesize(Latents.z(z.share()).withTruncation(0.7), null, new StyleGan1Noise.Fixed(noise))),
                    "no noise given for layer 'g_synthesis.blocks.8x8.epi2.top_epi.noise'");
            noise.put("g_synthesis.blocks.8x8.epi2.top_epi.noise", Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 1, 1, 4, 4));
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> bb.synthesize(Latents.z(z.share()).withTruncation(0.7), null, new StyleGan1Noise.Fixed(noise))),
                    "[1, 1, 4, 4]", "expected [1, 1, 8, 8]");
        }
        StyleGan1Backbone closed = res32();
        closed.close();
        try (TensorScope s = TensorScope.open()) {
            Tensor z = StyleGan1Backbone.drawZ(new long[] {1}, 64);
            assertThrows(IllegalStateException.class, () -> closed.synthesize(Latents.z(z.share()).withTruncation(0.7)));
        }
    }

    @Test
    void missingOrMisshapenWeightsAreNamed() throws IOException {
        assertMessage(rejected(sd -> sd.remove("g_synthesis.blocks.16x16.conv1.weight")),
                "no tensor 'g_synthesis.blocks.16x16.conv1.weight'", "[32, 32, 3, 3]");
        assertMessage(rejected(sd -> sd.put("g_synthesis.blocks.8x8.epi1.style_mod.lin.weight",
                        Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 64, 32))),
                "'g_synthesis.blocks.8x8.epi1.style_mod.lin.weight'", "[64, 32]", "expected [64, 64]");
        assertMessage(rejected(sd -> sd.put("g_mapping.dense3.weight", Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 64, 32))),
                "g_mapping.dense3.weight", "[64, 32]");
        assertMessage(rejected(sd -> sd.keySet().removeIf(k -> k.startsWith("g_synthesis.blocks.8x8."))),
                "none for 8x8");
        assertMessage(rejected(sd -> sd.keySet().removeIf(k -> k.startsWith("g_mapping."))), "g_mapping.dense0.weight");
        assertMessage(rejected(sd -> sd.remove("g_synthesis.torgb.bias")), "g_synthesis.torgb.bias");
        assertMessage(rejected(Map::clear), "empty");
        try (TensorScope s = TensorScope.open()) {
            Map<String, Tensor> sd = Fixture.load("g_all.safetensors");
            Tensor avg = NpyFile.read(Fixture.path("avg_latent.npy"));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> StyleGan1Backbone.create(sd,
                            new StyleGan1Config(64, 4, 0.7, Optional.empty(), Optional.empty()), avg, Device.CPU)),
                    "resolution 64", "32x32");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> StyleGan1Backbone.create(sd, CONFIG32,
                            Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 1, 18, 32), Device.CPU)),
                    "average latent", "[1, 18, 32]", "[1, K, 64]");
            // DataParallel's module. prefix and a [64] average latent are accepted
            Map<String, Tensor> prefixed = new LinkedHashMap<>();
            sd.forEach((k, v) -> prefixed.put("module." + k, v));
            try (StyleGan1Backbone bb = StyleGan1Backbone.create(prefixed, CONFIG32, Ops.reshape(Ops.narrow(avg, 1, 0, 1), 64),
                    Device.CPU)) {
                assertEquals(32, bb.info().resolution());
            }
        }
    }

    /** A random g_all state dict with the real checkpoints' 512-wide, 8-layer mapping, up to {@code res} px. */
    private static Map<String, Tensor> randomStateDict(int zw, int res, int channels) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        try (dev.dgan.runtime.Generator g = dev.dgan.runtime.Generator.seeded(99)) {
            java.util.function.Function<long[], Tensor> randn =
                    shape -> Ops.randn(g, dev.dgan.runtime.DType.F32, Device.CPU, shape);
            for (int i = 0; i < 8; i++) {
                sd.put("g_mapping.dense" + i + ".weight", randn.apply(new long[] {zw, zw}));
                sd.put("g_mapping.dense" + i + ".bias", randn.apply(new long[] {zw}));
            }
            for (int r = 4; r <= res; r *= 2) {
                String p = "g_synthesis.blocks." + r + "x" + r + ".";
                if (r == 4) {
                    sd.put(p + "const", randn.apply(new long[] {1, channels, 4, 4}));
                    sd.put(p + "bias", randn.apply(new long[] {channels}));
                    sd.put(p + "conv.weight", randn.apply(new long[] {channels, channels, 3, 3}));
                    sd.put(p + "conv.bias", randn.apply(new long[] {channels}));
                } else {
                    sd.put(p + "conv0_up.weight", randn.apply(new long[] {channels, channels, 3, 3}));
                    sd.put(p + "conv0_up.bias", randn.apply(new long[] {channels}));
                    sd.put(p + "conv1.weight", randn.apply(new long[] {channels, channels, 3, 3}));
                    sd.put(p + "conv1.bias", randn.apply(new long[] {channels}));
                }
                for (String e : new String[] {"epi1", "epi2"}) {
                    sd.put(p + e + ".top_epi.noise.weight", randn.apply(new long[] {channels}));
                    sd.put(p + e + ".style_mod.lin.weight", randn.apply(new long[] {2L * channels, zw}));
                    sd.put(p + e + ".style_mod.lin.bias", randn.apply(new long[] {2L * channels}));
                }
            }
            sd.put("g_synthesis.torgb.weight", randn.apply(new long[] {3, channels, 1, 1}));
            sd.put("g_synthesis.torgb.bias", randn.apply(new long[] {3}));
        }
        return sd;
    }

    @Test
    void realMappingWidthAndDepthAreReadFromTheWeights() {
        try (TensorScope s = TensorScope.open()) {
            Map<String, Tensor> sd = randomStateDict(512, 8, 4);
            Tensor avg = Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 1, 18, 512);
            try (StyleGan1Backbone bb = StyleGan1Backbone.create(sd, StyleGan1Config.defaults(), avg, Device.CPU)) {
                assertEquals(512, bb.info().zDim());
                assertEquals(512, bb.info().wDim());
                assertEquals(8, bb.info().resolution());
                assertEquals(4, bb.info().numWs());
                assertEquals(8, bb.generator().mappingLayers());
                Tensor img = bb.synthesize(bb.sample(SampleRequest.unconditional(new long[] {1, 2}, 0.7)));
                assertArrayEquals(new long[] {2, 3, 8, 8}, img.shape());
                Tensor ws18 = Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 1, 18, 512);
                assertArrayEquals(new long[] {1, 3, 8, 8},
                        bb.synthesize(new Latents(Latents.Kind.WS, ws18, Optional.empty()).withTruncation(0.7)).shape());
            }
        }
    }

    @Test
    void configFromOwnFieldsAndDatasetGanExperimentJson() throws IOException {
        StyleGan1Config own = StyleGan1Config.parse(Fixture.path("stylegan1-res32.json"));
        assertEquals(32, own.resolution());
        assertEquals(4, own.maxLayer());
        assertEquals(0.7, own.truncation());
        assertEquals(Fixture.path("avg_latent.npy"), own.averageLatent().orElseThrow());
        assertEquals(Fixture.path("g_all.pt"), own.checkpoint().orElseThrow());

        Path car = dir.resolve("car_20.json");
        Files.writeString(car, """
                {"exp_dir": "model_dir/car_20", "category": "car", "dim": [384, 512, 5056], "stylegan_ver": "1",
                 "average_latent": "./dataset_release/training_latent/car_20/avg_latent_stylegan1.npy",
                 "stylegan_checkpoint": "./dataset_release/stylegan_pretrain/karras2019stylegan-cars-512x384.for_g_all.pt",
                 "upsample_mode": "bilinear"}
                """);
        StyleGan1Config c = StyleGan1Config.parse(car);
        assertEquals(512, c.resolution());
        assertEquals(8, c.maxLayer());
        assertEquals(0.7, c.truncation());
        assertEquals(dir.resolve("dataset_release/training_latent/car_20/avg_latent_stylegan1.npy"), c.averageLatent().orElseThrow());

        Files.writeString(car, "{\"category\": \"cat\", \"max_layer\": 3, \"truncation\": 1}");
        StyleGan1Config cat = StyleGan1Config.parse(car);
        assertEquals(256, cat.resolution());
        assertEquals(3, cat.maxLayer());
        assertEquals(1.0, cat.truncation());
        assertTrue(cat.averageLatent().isEmpty());

        for (String[] bad : new String[][] {
                {"{\"resolution\": 48}", "resolution"},
                {"{\"resolution\": \"512\"}", "resolution: expected an integer"},
                {"{\"max_layer\": -1}", "max_layer"},
                {"{\"threshold\": 1.5}", "truncation"},
                {"{\"threshold\": 0.5, \"truncation\": 0.7}", "either"},
                {"{\"stylegan_ver\": \"2\"}", "stylegan_ver"},
                {"{\"category\": \"church\"}", "category"},
                {"{\"average_latent\": 3}", "average_latent: expected a file path"},
                {"[1, 2]", "expected a JSON object"},
                {"{\"resolution\": ", "not valid JSON"}}) {
            Files.writeString(car, bad[0]);
            IOException e = assertThrows(IOException.class, () -> StyleGan1Config.parse(car), bad[0]);
            assertMessage(e, car.toString(), bad[1]);
        }
    }

    @Test
    void loadFromBackboneSourceNeedsTheConfigAndItsAverageLatent() throws IOException {
        BackboneSource src = BackboneSource.of(Fixture.path("g_all_res128.safetensors"), Fixture.path("stylegan1-res128.json"));
        try (StyleGan1Backbone bb = StyleGan1Backbone.load(src, Device.CPU)) {
            assertEquals(128, bb.info().resolution());
            assertEquals(0.7, bb.config().truncation());
        }
        assertMessage(assertThrows(IOException.class,
                () -> StyleGan1Backbone.load(BackboneSource.of(Fixture.path("g_all.pt")), Device.CPU)), "config JSON is required");
        assertMessage(assertThrows(IOException.class,
                () -> StyleGan1Backbone.load(Fixture.path("g_all.pt"), StyleGan1Config.defaults(), Device.CPU)), "average_latent");
        // the 128 px average latent has the right shape, the 32 px weights do not match the config's resolution
        Path cfg = dir.resolve("mismatch.json");
        Files.writeString(cfg, "{\"resolution\": 128, \"max_layer\": 4, \"average_latent\": \""
                + Fixture.path("avg_latent_res128.npy") + "\"}");
        IOException e = assertThrows(IOException.class,
                () -> StyleGan1Backbone.load(BackboneSource.of(Fixture.path("g_all.pt"), cfg), Device.CPU));
        assertMessage(e, "g_all.pt", "resolution 128");
    }
}
