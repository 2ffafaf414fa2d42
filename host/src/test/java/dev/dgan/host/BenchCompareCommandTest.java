package dev.dgan.host;

import dev.dgan.host.bench.BenchResult;
import dev.dgan.host.bench.BenchResultJson;
import dev.dgan.host.bench.Machine;
import dev.dgan.host.bench.StageStats;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dgan bench --compare OLD NEW} through the command line, in process: no libtorch is
 * loaded to compare two files, and the exit status says whether anything regressed.
 */
class BenchCompareCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run dgan(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Dgan.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path bench(Path file, double backboneP50) throws Exception {
        Map<String, StageStats> stages = new LinkedHashMap<>();
        stages.put("backbone", new StageStats(32, backboneP50, backboneP50 - 2, backboneP50 - 1, backboneP50, backboneP50 + 1,
                backboneP50 + 3, backboneP50 + 4, 0.8));
        stages.put("write", new StageStats(32, 0.5, 0.3, 0.4, 0.5, 0.7, 0.9, 1.0, 0.1));
        var r = new BenchResult("x", BenchResultJson.FORMAT, "2025-01-01T10:00:00Z",
                new Machine("Example CPU", "amd64", 2, 8L << 30, "Linux 6.1", null),
                new BenchResult.Software("0.1.0", "unknown", "25", "2.13.0"),
                new BenchResult.Settings("cpu", "fp32", 4, 1, 1, "segmentation", "stylegan2", "config-f", 256, "/m"), 32, 40, stages);
        new ObjectMapper().writeValue(file.toFile(), BenchResultJson.write(r, 0.8, Map.of()));
        return file;
    }

    private static String jmh(double score) {
        return """
                [{"benchmark": "dev.dgan.bench.EnsembleInferenceBench.fused", "mode": "avgt", "threads": 1, "forks": 1,
                  "params": {"size": "256"},
                  "primaryMetric": {"score": %s, "scoreError": 20.0, "scoreUnit": "ms/op"}}]
                """.formatted(score);
    }

    @Test
    void twoEqualFilesExitZero(@TempDir Path dir) throws Exception {
        Run r = dgan("bench", "--compare", bench(dir.resolve("a.json"), 16).toString(), bench(dir.resolve("b.json"), 16).toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("No stage regressed"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aRegressedStageExitsFourAndNamesIt(@TempDir Path dir) throws Exception {
        Run r = dgan("bench", "--compare", bench(dir.resolve("a.json"), 16).toString(), bench(dir.resolve("b.json"), 20).toString());
        assertEquals(Dgan.REGRESSED, r.exit(), r.out() + r.err());
        assertEquals(4, r.exit());
        assertTrue(r.out().contains("1 of 2 stages regressed") && r.out().contains("): backbone."), r.out());
    }

    @Test
    void theThresholdDecidesHowMuchSlowerIsTooSlow(@TempDir Path dir) throws Exception {
        String a = bench(dir.resolve("a.json"), 16).toString(), b = bench(dir.resolve("b.json"), 20).toString();
        assertEquals(0, dgan("bench", "--compare", a, b, "--threshold", "30").exit());
        assertEquals(4, dgan("bench", "--threshold", "24.9", "--compare", a, b).exit());
    }

    @Test
    void jmhFilesAreComparedBenchmarkByBenchmark(@TempDir Path dir) throws Exception {
        Path old = Files.writeString(dir.resolve("old-jmh.json"), jmh(1350));
        Path slower = Files.writeString(dir.resolve("new-jmh.json"), jmh(1620));
        Run r = dgan("bench", "--compare", old.toString(), slower.toString());
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("EnsembleInferenceBench.fused (size=256) [avgt]") && r.out().contains("+20.0%"), r.out());
        assertEquals(0, dgan("bench", "--compare", old.toString(), Files.writeString(dir.resolve("same.json"), jmh(1360)).toString()).exit());
    }

    @Test
    void badInputIsOneLineWithExitTwo(@TempDir Path dir) throws Exception {
        Path good = bench(dir.resolve("a.json"), 16);
        Path bad = Files.writeString(dir.resolve("bad.json"), Files.readString(good).replace("\"p50_ms\":16.0", "\"p50_ms\":\"x\""));
        Run r = dgan("bench", "--compare", good.toString(), bad.toString());
        assertEquals(2, r.exit());
        assertEquals("dgan: " + bad + ": field stages.backbone.p50_ms: expected a number, got \"x\"", r.err().strip());

        Path jmh = Files.writeString(dir.resolve("jmh.json"), jmh(10));
        Run mixed = dgan("bench", "--compare", good.toString(), jmh.toString());
        assertEquals(2, mixed.exit());
        assertEquals("dgan: " + good + " is a dgan bench result and " + jmh + " a JMH result: compare two files of the same kind",
                mixed.err().strip());

        Run withModel = dgan("bench", "--model", dir.toString(), "--compare", good.toString(), good.toString());
        assertEquals(2, withModel.exit());
        assertTrue(withModel.err().contains("--compare OLD NEW compares two saved results and runs nothing"), withModel.err());

        Run noModel = dgan("bench");
        assertEquals(2, noModel.exit());
        assertEquals("dgan: --model MODEL_DIR is required (only --compare OLD NEW runs without one)", noModel.err().strip());

        Run threshold = dgan("bench", "--compare", good.toString(), good.toString(), "--threshold", "-1");
        assertEquals(2, threshold.exit());
        assertEquals("dgan: --threshold: expected a percentage >= 0, got -1.0", threshold.err().strip());
    }

    @Test
    void aRunComparesOnlyWithABenchFileAndSaysSoBeforeRunning(@TempDir Path dir) throws Exception {
        Path jmh = Files.writeString(dir.resolve("jmh.json"), jmh(10));
        Run r = dgan("bench", "--model", dir.resolve("no-model").toString(), "--compare", jmh.toString());
        assertEquals(2, r.exit());
        assertEquals("dgan: " + jmh + ": a JMH result; a dgan bench run compares only with a dgan bench --json file", r.err().strip());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void helpDescribesTheComparison() {
        Run r = dgan("bench", "--help");
        assertTrue(r.out().contains("--compare=FILE [FILE]") && r.out().contains("--threshold=PCT"), r.out());
    }
}
