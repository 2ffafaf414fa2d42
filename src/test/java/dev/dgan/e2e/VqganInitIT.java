package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A random VQGAN of a small shape from {@code dgan init}, through the BigDatasetGAN branch: codes
 * drawn by its transformer, benched, and a class-balanced dataset generated.
 */
class VqganInitIT {

    /** 16 px, f2 (8x8 codes), codebook 32, a 4-layer transformer (one tap, block 3), 4 classes. */
    static final String SMALL_VQGAN = """
            {"ddconfig": {"double_z": false, "z_channels": 8, "resolution": 16, "in_channels": 3, "out_ch": 3, "ch": 32,
                          "ch_mult": [1, 1], "num_res_blocks": 1, "attn_resolutions": [8], "dropout": 0.0},
             "n_embed": 32, "embed_dim": 8,
             "gpt_args": {"vocab_size": 32, "block_size": 64, "n_layer": 4, "n_head": 2, "n_embd": 32},
             "n_classes": 4}
            """;

    static Path init(Path dir, String name) throws Exception {
        Path config = dir.resolve("vqgan.json");
        if (!Files.exists(config)) Files.writeString(config, SMALL_VQGAN);
        DganProcess.Result r = DganProcess.run("init", "--backbone", "vqgan", "--config", config.toString(), "--task",
                "bigdatasetgan", "--labels", "2", "-O", "models=2", "--seed", "3", "--out", dir.resolve(name).toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wrote a random vqgan (16 px)"), r.out());
        return dir.resolve(name);
    }

    @Test
    void aRandomVqganSamplesBenchesAndGeneratesAClassBalancedDataset(@TempDir Path dir) throws Exception {
        Path m = init(dir, "m");
        assertArrayEquals(Files.readAllBytes(m.resolve("generator.safetensors")),
                Files.readAllBytes(init(dir, "again").resolve("generator.safetensors")), "the same seed writes the same weights");

        DganProcess.Result s = DganProcess.run("sample", "--backbone", "vqgan", "--checkpoint", m.resolve("generator.safetensors").toString(),
                "--config", m.resolve("config.json").toString(), "--count", "3", "--seed", "5", "--class", "2", "--save-features",
                "--out", dir.resolve("s").toString());
        assertEquals(0, s.exit(), s.err());
        try (SafetensorsFile latents = SafetensorsFile.open(dir.resolve("s/latents.safetensors"))) {
            assertEquals(DType.I64, latents.get("codes").dtype());
            assertArrayEquals(new long[] {3, 8, 8}, latents.get("codes").shape());
            assertArrayEquals(new long[] {2, 2, 2}, longs(latents, "c"));
            for (long code : longs(latents, "codes")) assertTrue(code >= 0 && code < 32, "code " + code);
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("s/features/sample_0000.safetensors"))) {
            assertArrayEquals(new long[] {32, 8, 8}, f.get("gpt.block3").shape(), "the transformer tap on the code grid");
            assertArrayEquals(new long[] {3, 16, 16}, f.get("image").shape());
        }

        DganProcess.Result bench = DganProcess.run("bench", "--model", m.resolve("model").toString(), "--count", "2", "--warmup", "0",
                "--batch", "2");
        assertEquals(0, bench.exit(), bench.err());
        assertTrue(bench.out().contains("bigdatasetgan on vqgan"), bench.out());

        Path out = dir.resolve("data");
        DganProcess.Result g = DganProcess.run("generate", "--model", m.resolve("model").toString(), "--classes", "0,1", "--per-class", "2",
                "--filter", "0", "--seed", "10", "--out", out.toString());
        assertEquals(0, g.exit(), g.err());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("metadata.jsonl"))) lines.add(json.readTree(l));
        assertEquals(4, lines.size());
        int[] classes = {0, 0, 1, 1};
        for (int i = 0; i < 4; i++) {
            assertEquals(classes[i], lines.get(i).get("class").asInt(), lines.get(i).toString());
            assertEquals(10 + i, lines.get(i).get("seed").asLong());
            assertTrue(Files.isRegularFile(out.resolve(String.format("label/%06d.png", i))), "label " + i);
        }
        assertEquals(2, json.readTree(out.resolve("run.json").toFile()).get("perClass").asInt());
    }

    static long[] longs(SafetensorsFile f, String name) {
        return f.get(name).data().toArray(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
    }
}
