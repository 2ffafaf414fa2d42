package dev.dgan.stylegan.v1;

import dev.dgan.runtime.TestDevice;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.checkpoint.NpyFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.dgan.stylegan.v1.Fixture.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DatasetGAN's StyleGAN1 against the reference run stored in the fixture (see
 * stylegan1-datasetgan/README.md): w, truncated w, every affine layer, the image and the
 * upsampled-and-concatenated features, at 32 px (nearest upscale path) and 128 px (fused
 * transposed-conv upscale path), from safetensors and from the torch.save file.
 */
@ExtendWith(NoTensorLeaks.class)
class StyleGan1ParityTest {

    private static final Map<String, Double> MAX_DIFFS = new TreeMap<>();

    @AfterAll
    static void report() {
        MAX_DIFFS.forEach((k, v) -> System.out.printf("stylegan1 parity max |diff| %-40s %.3g%n", k, v));
    }

    private static void record(String key, double diff) {
        MAX_DIFFS.merge(key, diff, Math::max);
    }

    private StyleGan1Backbone backbone(String weights, String avg, int resolution) throws IOException {
        try (TensorScope s = TensorScope.open()) {
            StyleGan1Config config = new StyleGan1Config(resolution, 4, 0.7, java.util.Optional.empty(), java.util.Optional.empty());
            return StyleGan1Backbone.create(Fixture.load(weights), config, NpyFile.read(Fixture.path(avg)), TestDevice.get());
        }
    }

    /** Runs the case through the backbone and compares everything the case stores. */
    private void checkCase(StyleGan1Backbone bb, String caseFile, String label) throws IOException {
        try (TensorScope s = TensorScope.open()) {
            Map<String, Tensor> c = Fixture.load(caseFile);
            StyleGan1Generator g = bb.generator();
            int numWs = g.numWs();
            Tensor z = c.get("z");

            Tensor w = g.mapping(z);
            Tensor ws = g.broadcast(w);
            record(label + " w", assertClose(Ops.narrow(c.get("w"), 1, 0, numWs), ws, label + " w"));
            Tensor wTrunc = g.truncate(ws, 0.7);
            record(label + " w_trunc", assertClose(Ops.narrow(c.get("w_trunc"), 1, 0, numWs), wTrunc, label + " w_trunc"));
            record(label + " avg_latent", assertClose(Ops.narrow(c.get("avg_latent"), 1, 0, numWs), g.averageLatent(),
                    label + " avg_latent"));

            List<FeatureTap> seen = new ArrayList<>();
            List<Tensor> maps = new ArrayList<>();
            Tensor img;
            try (Latents latents = Latents.z(z.share())) {
                img = bb.synthesize(latents.withTruncation(0.7), (tap, map) -> {
                    seen.add(tap);
                    // made while the backbone's scope is open: released so it outlives the call, closed below
                    maps.add(TensorScope.release(Ops.clone(map)));
                }, new StyleGan1Noise.Fixed(Fixture.noise(c)));
            }
            try {
                compareOutputs(bb, c, seen, maps, img, label);
            } finally {
                maps.forEach(Tensor::close);
            }
        }
    }

    private void compareOutputs(StyleGan1Backbone bb, Map<String, Tensor> c, List<FeatureTap> seen, List<Tensor> maps,
                                Tensor img, String label) {
        {
            assertEquals(bb.info().taps(), seen, "taps streamed in the listed order");
            for (int k = 0; k < seen.size(); k++) {
                String key = String.format("feat.%02d.%s", k, seen.get(k).name());
                Tensor expected = c.get(key);
                if (expected == null) throw new AssertionError("fixture has no " + key + "; taps " + seen);
                record(label + " feat (all taps)", assertClose(expected, maps.get(k), label + " " + key));
            }
            assertEquals(c.keySet().stream().filter(k -> k.startsWith("feat.")).count(), seen.size(), "one tap per affine layer");
            record(label + " img", assertClose(c.get("img"), img, label + " img"));

            // image straight from the truncated ws, as DatasetGAN's use_style_latents path does
            try (Latents latents = new Latents(Latents.Kind.WS, c.get("w_trunc").share(), java.util.Optional.empty())) {
                Tensor fromWs = bb.synthesize(latents.withTruncation(0.7), null, new StyleGan1Noise.Fixed(Fixture.noise(c)));
                record(label + " img from ws", assertClose(c.get("img"), fromWs, label + " img from 18 ws"));
            }

            if (c.containsKey("features_concat")) {
                int res = bb.info().resolution();
                List<Tensor> up = new ArrayList<>();
                for (Tensor m : maps) up.add(NN.upsampleBilinear(m, res, res, false));
                record(label + " features_concat", assertClose(c.get("features_concat"), Ops.cat(up, 1), label + " features_concat"));
                record(label + " img_ltoi", assertClose(c.get("img_ltoi"), img, label + " img_ltoi"));
            }
        }
    }

    @Test
    void res32FromSafetensorsMatchesTheReference() throws IOException {
        try (StyleGan1Backbone bb = backbone("g_all.safetensors", "avg_latent.npy", 32)) {
            assertEquals(32, bb.info().resolution());
            assertEquals(8, bb.info().numWs());
            assertEquals(64, bb.info().zDim());
            assertEquals(64, bb.info().wDim());
            assertEquals(8, bb.generator().mappingLayers());
            assertEquals(224, bb.info().tapChannels());
            assertEquals(List.of("4x4.x", "4x4.x2", "8x8.x", "8x8.x2", "16x16.x", "16x16.x2", "32x32.x", "32x32.x2"),
                    bb.info().taps().stream().map(FeatureTap::name).toList());
            checkCase(bb, "case_res32.safetensors", "res32");
        }
    }

    @Test
    void res32FromTorchSaveCheckpointAndConfigJsonMatchesTheReference() throws IOException {
        StyleGan1Config config = StyleGan1Config.parse(Fixture.path("stylegan1-res32.json"));
        try (StyleGan1Backbone bb = StyleGan1Backbone.load(config.checkpoint().orElseThrow(), config, TestDevice.get())) {
            assertEquals(4, bb.generator().maxLayer());
            checkCase(bb, "case_res32.safetensors", "res32 (.pt)");
        }
    }

    @Test
    void res128FusedUpscaleMatchesTheReference() throws IOException {
        try (StyleGan1Backbone bb = backbone("g_all_res128.safetensors", "avg_latent_res128.npy", 0)) {
            assertEquals(128, bb.info().resolution());
            assertEquals(12, bb.info().numWs());
            assertEquals(List.of(8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 2, 2),
                    bb.info().taps().stream().map(FeatureTap::channels).toList());
            checkCase(bb, "case_res128.safetensors", "res128");
        }
    }
}
