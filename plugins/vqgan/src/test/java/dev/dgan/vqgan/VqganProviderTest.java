package dev.dgan.vqgan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.Conditioning;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dgan init}'s random checkpoints: the configured shape, read back by load, the same bytes for the same seed. */
@ExtendWith(NoTensorLeaks.class)
class VqganProviderTest {

    /** The encoder fixture's first stage with a 2-layer transformer over its 8x8 codes, in config.json form. */
    static final String SMALL_JSON = """
            {"ddconfig": {"double_z": false, "z_channels": 8, "resolution": 16, "in_channels": 3, "out_ch": 3, "ch": 32,
                          "ch_mult": [1, 1], "num_res_blocks": 1, "attn_resolutions": [8], "dropout": 0.0},
             "n_embed": 32, "embed_dim": 8,
             "gpt_args": {"vocab_size": 32, "block_size": 64, "n_layer": 2, "n_head": 2, "n_embd": 32},
             "n_classes": 4}
            """;

    @Test
    void aRandomCombinedCheckpointLoadsBackWithItsConfigAndTheSameSeedWritesTheSameBytes(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), SMALL_JSON);
        VqganProvider p = new VqganProvider();
        p.writeRandomCheckpoint(config, 7, dir.resolve("a.safetensors"));
        p.writeRandomCheckpoint(config, 7, dir.resolve("b.safetensors"));
        p.writeRandomCheckpoint(config, 8, dir.resolve("c.safetensors"));
        byte[] a = Files.readAllBytes(dir.resolve("a.safetensors"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b.safetensors")));
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c.safetensors"))), "another seed, other weights");
        try (VqganBackbone b = (VqganBackbone) p.load(BackboneSource.of(dir.resolve("a.safetensors"), config), Device.CPU)) {
            assertEquals(new GptConfig(32, 64, 2, 2, 32), b.transformer().orElseThrow().config());
            assertEquals(16, b.info().resolution());
            assertEquals(4, ((Conditioning.ClassLabels) b.info().conditioning()).classes());
            assertTrue(b.encoder().isPresent(), "random checkpoints carry the encoder");
            try (Latents l = b.sample(new SampleRequest(new long[] {0, 1}, Optional.of(new int[] {1, 3}), 1.0))) {
                assertArrayEquals(new long[] {2, 8, 8}, l.values().shape());
            }
        }
    }

    @Test
    void theTamingYamlFormWorksToo(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("model.yaml"), VqganCheckpointsTest.NET2NET_YAML);
        VqganProvider p = new VqganProvider();
        p.writeRandomCheckpoint(config, 1, dir.resolve("g.safetensors"));
        try (Backbone b = p.load(BackboneSource.of(dir.resolve("g.safetensors"), config), Device.CPU)) {
            assertEquals(VqganBackboneTest.SMALL_GPT, ((VqganBackbone) b).transformer().orElseThrow().config());
            assertEquals(10, ((Conditioning.ClassLabels) b.info().conditioning()).classes());
        }
    }

    @Test
    void aConfigWithOnlyTheHeadCountSaysWhatIsMissing(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), SMALL_JSON.replace(
                "\"vocab_size\": 32, \"block_size\": 64, \"n_layer\": 2, ", "").replace(", \"n_embd\": 32", ""));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new VqganProvider().writeRandomCheckpoint(config, 1, dir.resolve("g.safetensors")));
        assertTrue(e.getMessage().startsWith(config + ": random transformer weights need every GPT argument"), e.getMessage());
        Path partial = Files.writeString(dir.resolve("partial.json"), SMALL_JSON.replace("\"n_layer\": 2, ", ""));
        var p = assertThrows(IllegalArgumentException.class,
                () -> new VqganProvider().writeRandomCheckpoint(partial, 1, dir.resolve("g.safetensors")));
        assertEquals(partial + ": gpt_args: 'n_layer' must be an integer, got nothing", p.getMessage());
    }

    @Test
    void weightsThatDisagreeWithTheConfigsTransformerAreRefused(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), SMALL_JSON);
        new VqganProvider().writeRandomCheckpoint(config, 1, dir.resolve("g.safetensors"));
        Path deeper = Files.writeString(dir.resolve("deeper.json"), SMALL_JSON.replace("\"n_layer\": 2", "\"n_layer\": 3"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new VqganProvider().load(BackboneSource.of(dir.resolve("g.safetensors"), deeper), Device.CPU));
        assertTrue(e.getMessage().contains("but the config gives"), e.getMessage());
    }
}
