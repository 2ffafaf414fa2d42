package dev.dgan.stylegan.v1;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.checkpoint.NpyFile;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.stylegan.StyleGan1Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dgan init's stylegan1 checkpoint: real shapes, loads back, renders, same seed same files. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan1RandomWeightsTest {

    @TempDir
    Path dir;

    private static final String CONFIG = "{\"stylegan_ver\": \"1\", \"resolution\": 8, \"max_layer\": 2, \"truncation\": 0.7}";

    /** Writes CONFIG to NAME/config.json and the random checkpoint beside it; returns the folder. */
    private Path write(String name, long seed) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("config.json"), CONFIG);
        new StyleGan1Provider().writeRandomCheckpoint(d.resolve("config.json"), seed, d.resolve("generator.safetensors"));
        return d;
    }

    @Test
    void theReferenceLayoutLoadsBackAndRendersFiniteImages() throws IOException {
        Path a = write("a", 3);
        assertTrue(Files.readString(a.resolve("config.json")).contains("\"average_latent\" : \"avg_latent.npy\""),
                "the config names the average latent it got");
        try (SafetensorsFile f = SafetensorsFile.open(a.resolve("generator.safetensors"))) {
            Set<String> names = Set.copyOf(f.names());
            // g_all at 8 px: 8 mapping layers, the 4x4 input block, one upscaling block (with its blur buffer), to-RGB
            assertEquals(16 + 10 + 11 + 2, names.size(), names.toString());
            for (String n : List.of("g_mapping.dense7.weight", "g_synthesis.blocks.4x4.const", "g_synthesis.blocks.4x4.epi1.top_epi.noise.weight",
                    "g_synthesis.blocks.8x8.conv0_up.intermediate.kernel", "g_synthesis.blocks.8x8.epi2.style_mod.lin.bias",
                    "g_synthesis.torgb.weight")) {
                assertTrue(names.contains(n), n + " in " + names);
            }
            try (Tensor up = f.tensor("g_synthesis.blocks.8x8.conv0_up.weight")) {
                assertArrayEquals(new long[] {512, 512, 3, 3}, up.shape());
            }
        }
        try (Tensor avg = NpyFile.read(a.resolve("avg_latent.npy"))) {
            assertArrayEquals(new long[] {1, 18, 512}, avg.shape());
            float[] v = avg.toFloatArray();
            for (float x : v) assertTrue(Float.isFinite(x));
            assertEquals(v[0], v[512], "every one of the 18 ws is the same mean");
        }
        try (Backbone bb = new StyleGan1Provider().load(BackboneSource.of(a.resolve("generator.safetensors"), a.resolve("config.json")),
                Device.CPU); TensorScope scope = TensorScope.open()) {
            assertEquals(8, bb.info().resolution());
            assertEquals(List.of("4x4.x", "4x4.x2", "8x8.x", "8x8.x2"), bb.info().taps().stream().map(FeatureTap::name).toList());
            Latents z = bb.sample(SampleRequest.unconditional(new long[] {0, 1}, 0.7));
            Tensor img = bb.synthesize(z, FeatureSink.NONE);
            assertArrayEquals(new long[] {2, 3, 8, 8}, img.shape());
            float[] px = img.toFloatArray();
            for (float x : px) assertTrue(Float.isFinite(x), "finite pixels");
            float[] first = Arrays.copyOfRange(px, 0, px.length / 2), second = Arrays.copyOfRange(px, px.length / 2, px.length);
            assertFalse(Arrays.equals(first, second), "two seeds, two images");
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (float x : first) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
            assertTrue(hi - lo > 1e-3, "not a constant image");
        }
    }

    @Test
    void theSameSeedWritesTheSameFiles() throws IOException {
        Path a = write("a", 3), b = write("b", 3), c = write("c", 4);
        for (String f : List.of("generator.safetensors", "avg_latent.npy", "config.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("generator.safetensors")), Files.readAllBytes(c.resolve("generator.safetensors"))));
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("avg_latent.npy")), Files.readAllBytes(c.resolve("avg_latent.npy"))));
    }

    @Test
    void errorsNameTheConfigAndTheField() throws IOException {
        Path d = Files.createDirectories(dir.resolve("d"));
        Path json = d.resolve("config.json");
        Files.writeString(json, "{\"max_layer\": 8}");
        IOException e = assertThrows(IOException.class,
                () -> new StyleGan1Provider().writeRandomCheckpoint(json, 1, d.resolve("g.safetensors")));
        assertTrue(e.getMessage().contains(json.toString()) && e.getMessage().contains("resolution"), e.getMessage());

        Path a = write("a", 3);
        e = assertThrows(IOException.class,
                () -> new StyleGan1Provider().writeRandomCheckpoint(a.resolve("config.json"), 3, a.resolve("again.safetensors")));
        assertTrue(e.getMessage().contains("average_latent") && e.getMessage().contains("exists"), e.getMessage());
        assertFalse(Files.exists(a.resolve("again.safetensors")), "nothing written when refused");
    }
}
