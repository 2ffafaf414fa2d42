package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A 256 px generator with realistic channel counts and random weights: shapes, taps, determinism. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2LargeTest {

    static final StyleGan2Config CONFIG = StyleGan2Config.of(512, 512, 256, 8, 8192, 256, 256.0);

    @Test
    void runsAt256PxDeterministicallyWithTapsAsInfo() {
        Map<String, Tensor> sd = RandomWeights.stateDict(CONFIG, 7);
        StyleGan2Backbone g;
        try {
            g = StyleGan2Backbone.fromStateDict(sd, CONFIG, Device.CPU);
        } finally {
            RandomWeights.close(sd);
        }
        try (g) {
            assertEquals(14, g.info().numWs());
            List<FeatureTap> expected = g.info().taps();
            assertEquals(13, expected.size());
            assertEquals(new FeatureTap("b4.conv1", 256, 4), expected.getFirst());
            assertEquals(new FeatureTap("b256.conv1", 32, 256), expected.getLast());
            float[][] images = new float[2][];
            for (int run = 0; run < 2; run++) {
                List<FeatureTap> seen = new ArrayList<>();
                try (Latents z = g.sample(SampleRequest.unconditional(new long[] {42}, 1.0));
                     Tensor img = g.synthesize(z.withTruncation(0.7), (tap, t) -> {
                         seen.add(tap);
                         assertArrayEquals(new long[] {1, tap.channels(), tap.resolution(), tap.resolution()}, t.shape(), tap.name());
                     })) {
                    assertArrayEquals(new long[] {1, 3, 256, 256}, img.shape());
                    images[run] = img.toFloatArray();
                }
                assertEquals(expected, seen);
            }
            assertArrayEquals(images[0], images[1], "two runs differ");
            double max = 0;
            for (float v : images[0]) {
                assertTrue(Float.isFinite(v), "non-finite pixel");
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max > 0, "image is all zeros");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"orig, CONST", "resnet, CONST", "skip, RANDOM", "skip, NONE"})
    void otherArchitecturesAndNoiseModesRun(String architecture, NoiseMode noise) {
        StyleGan2Config base = StyleGan2Config.of(32, 32, 32, 2, 256, 32, 256.0);
        StyleGan2Config c = new StyleGan2Config(32, 0, 32, 32, 3, 2, 32, 32, "lrelu", 0.01, 256, 32, 0, 256.0,
                architecture, base.resampleFilter(), 3, true, "lrelu");
        Map<String, Tensor> sd = RandomWeights.stateDict(c, 3);
        StyleGan2Backbone g;
        try {
            g = StyleGan2Backbone.fromStateDict(sd, c, Device.CPU, "random", new StyleGan2Backbone.Options(noise, 5, 0));
        } finally {
            RandomWeights.close(sd);
        }
        try (g) {
            float[][] images = new float[2][];
            for (int run = 0; run < 2; run++) {
                try (Latents z = g.sample(SampleRequest.unconditional(new long[] {1, 2}, 1.0)); Tensor img = g.synthesize(z.withTruncation(0.5))) {
                    assertArrayEquals(new long[] {2, 3, 32, 32}, img.shape());
                    images[run] = img.toFloatArray();
                }
            }
            assertArrayEquals(images[0], images[1]);
            for (float v : images[0]) assertTrue(Float.isFinite(v));
        }
    }
}
