package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dgan init} writes random-weight models of a configured shape that {@code bench} and
 * {@code generate} run like trained ones, and {@code --batch auto} sizes batches by probing.
 */
class InitBenchIT {

    /** A small BigGAN (Brock's Generator arguments) for the branch. */
    private static final String SMALL_BIGGAN = """
            {"constructor": {"G_param": "SN", "G_ch": 4, "G_shared": true, "shared_dim": 32, "dim_z": 64, "hier": true, "G_attn": "32",
              "norm_style": "bn", "BN_eps": 0.0001, "SN_eps": 0.0001, "resolution": 128, "n_classes": 10}, "z_var": 0.9}
            """;

    private static DganProcess.Result init(Path out, String backbone, Path config, String... extra) throws Exception {
        var args = new java.util.ArrayList<>(java.util.List.of("init", "--backbone", backbone, "--config", config.toString(), "--out", out.toString()));
        args.addAll(java.util.List.of(extra));
        return DganProcess.run(args.toArray(String[]::new));
    }

    @Test
    void aRandomStyleGanModelBenchesAndGeneratesAndTheSameSeedWritesTheSameFiles(@TempDir Path dir) throws Exception {
        Path config = SampleCommandIT.demo().resolve("config.json");
        DganProcess.Result a = init(dir.resolve("a"), "stylegan2", config, "--labels", "5", "-O", "models=3", "--seed", "4");
        assertEquals(0, a.exit(), a.err());
        assertTrue(a.out().contains("untrained segmentation model (5 labels"), a.out());
        DganProcess.Result b = init(dir.resolve("b"), "stylegan2", config, "--labels", "5", "-O", "models=3", "--seed", "4");
        assertEquals(0, b.exit(), b.err());
        for (String f : new String[] {"generator.safetensors", "model/ensemble.safetensors"})
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);

        Path json = dir.resolve("bench.json");
        DganProcess.Result bench = DganProcess.run("bench", "--model", dir.resolve("a/model").toString(), "--count", "4", "--warmup", "1",
                "--batch", "auto", "--json", json.toString());
        assertEquals(0, bench.exit(), bench.err());
        assertTrue(bench.err().contains("--batch auto: "), bench.err());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertTrue(doc.get("batch").asInt() >= 1 && doc.get("batch").asInt() <= 4, doc.toString());
        assertTrue(doc.get("peakMemoryBytes").asLong() > 0, doc.toString());
        assertEquals("resident", doc.get("peakMemoryKind").asText());
        assertEquals("dgan-bench/2", doc.get("format").asText());
        assertTrue(doc.get("dgan").get("revision").asText().matches("[0-9a-f]{40}(-dirty)?|unknown"), doc.get("dgan").toString());
        assertTrue(doc.get("machine").get("processors").asInt() >= 1 && doc.get("threads").get("intraOp").asInt() >= 1, doc.toString());
        assertTrue(doc.get("stages").get("backbone").has("p10_ms") && doc.get("stages").get("write").get("count").asInt() == 4, doc.toString());
        assertTrue(doc.get("matmulGflopsPerSecond").asDouble() > 0, doc.toString());
        assertTrue(bench.out().lines().anyMatch(l -> l.startsWith("interpreter: ") && l.endsWith("% of this device's float32 matmul rate")), bench.out());

        // a second run compared with the first as it runs, then the two files; the threshold is out of
        // reach so that only the structure and the exit status are checked, never the timings
        Path second = dir.resolve("bench-2.json");
        DganProcess.Result again = DganProcess.run("bench", "--model", dir.resolve("a/model").toString(), "--count", "4", "--warmup", "1",
                "--batch", doc.get("batch").asText(), "--json", second.toString(), "--compare", json.toString(), "--threshold", "1000000");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("Comparing " + json + " (dgan-bench/2") && again.out().contains("with this run"), again.out());
        DganProcess.Result files = DganProcess.run("bench", "--compare", json.toString(), second.toString(), "--threshold", "1000000");
        assertEquals(0, files.exit(), files.err());
        for (String stage : new String[] {"backbone", "interpreter", "encode", "write", "pairs/s"})
            assertTrue(files.out().lines().anyMatch(l -> l.startsWith(stage + " ")), files.out());
        assertTrue(files.out().contains("No stage regressed"), files.out());
        assertTrue(!files.out().contains("warning:"), files.out());

        DganProcess.Result gen = DganProcess.run("generate", "--model", dir.resolve("a/model").toString(), "--count", "3", "--filter", "0",
                "--batch", "auto", "--out", dir.resolve("data").toString());
        assertEquals(0, gen.exit(), gen.err());
        try (var labels = Files.list(dir.resolve("data/label"))) {
            assertEquals(3, labels.count());
        }
    }

    @Test
    void aRandomBigGanWithAnUntrainedBranchBenches(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("biggan.json");
        Files.writeString(config, SMALL_BIGGAN);
        DganProcess.Result r = init(dir.resolve("m"), "biggan", config, "--task", "bigdatasetgan", "--labels", "2", "-O", "models=2");
        assertEquals(0, r.exit(), r.err());
        DganProcess.Result bench = DganProcess.run("bench", "--model", dir.resolve("m/model").toString(), "--count", "2", "--warmup", "0", "--batch", "2");
        assertEquals(0, bench.exit(), bench.err());
        assertTrue(bench.out().contains("bigdatasetgan on biggan"), bench.out());
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        DganProcess.Result batch = DganProcess.run("bench", "--model", dir.toString(), "--batch", "lots");
        assertTrue(batch.exit() != 0, batch.err());
        assertTrue(batch.err().contains("--batch: expected a positive number or auto, got 'lots'"), batch.err());
        DganProcess.Result labels = init(dir.resolve("x"), "stylegan2", SampleCommandIT.demo().resolve("config.json"), "--labels", "1");
        assertTrue(labels.exit() != 0 && labels.err().contains("--labels: expected 2-255 classes, got 1"), labels.err());
        assertTrue(labels.err().lines().count() <= 2, labels.err());
    }
}
