package dev.dgan.host.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Synthetic bench results and result files for the comparison tests. */
final class Results {

    static final Machine MACHINE = new Machine("Example CPU 3000", "amd64", 2, 8L << 30, "Linux 6.1", null);

    private Results() {}

    /** A stage whose timings spread from p10 to p90 about p50. */
    static StageStats stage(long count, double p10, double p50, double p90) {
        return new StageStats(count, p50, p10 * 0.9, p10, p50, p90, p90 * 1.2, p90 * 1.5, (p90 - p10) / 2.56);
    }

    static BenchResult result(String source, Machine machine, double pairsPerSecond, Map<String, StageStats> stages) {
        return new BenchResult(source, BenchResultJson.FORMAT, "2025-01-01T10:00:00Z", machine,
                new BenchResult.Software("0.1.0", "0123456789abcdef0123456789abcdef01234567", "25+36 (Example)", "2.13.0"),
                new BenchResult.Settings("cpu", "fp32", 4, 1, 1, "segmentation", "stylegan2", "config-f", 256, "/models/demo"),
                32, pairsPerSecond, stages);
    }

    static BenchResult result(String source, Map<String, StageStats> stages) {
        return result(source, MACHINE, 40, stages);
    }

    static Map<String, StageStats> stages(Object... nameAndStats) {
        Map<String, StageStats> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndStats.length; i += 2) m.put((String) nameAndStats[i], (StageStats) nameAndStats[i + 1]);
        return m;
    }

    /** Writes {@code r} as {@code dgan bench --json} does. */
    static Path write(Path file, BenchResult r) throws IOException {
        var doc = BenchResultJson.write(r, r.samples() / r.pairsPerSecond(), Map.of("peakMemoryBytes", 123L, "peakMemoryKind", "resident"));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), doc);
        return file;
    }

    /** A file as dgan bench wrote before the format field: no machine, no p10; counts written as decimals. */
    static final String VERSION_1 = """
            {
              "model" : "/models/demo",
              "device" : "cpu",
              "precision" : "fp32",
              "batch" : 4,
              "samples" : 32,
              "seconds" : 0.8,
              "pairsPerSecond" : 40.0,
              "stages" : {
                "backbone" : { "count" : 8.0, "p50_ms" : 16.0, "p90_ms" : 17.0, "p99_ms" : 19.0, "max_ms" : 19.5, "mean_ms" : 16.2 },
                "interpreter" : { "count" : 8.0, "p50_ms" : 62.0, "p90_ms" : 64.0, "p99_ms" : 70.0, "max_ms" : 71.0, "mean_ms" : 62.5 },
                "encode" : { "count" : 32.0, "p50_ms" : 1.4, "p90_ms" : 1.9, "p99_ms" : 2.5, "max_ms" : 2.6, "mean_ms" : 1.5 },
                "write" : { "count" : 32.0, "p50_ms" : 0.5, "p90_ms" : 0.9, "p99_ms" : 1.5, "max_ms" : 1.6, "mean_ms" : 0.6 }
              },
              "peakMemoryBytes" : 734003200,
              "peakMemoryKind" : "resident"
            }
            """;

    /** A JMH -rf json entry. */
    static String jmh(String benchmark, String mode, String params, double score, String error, String unit) {
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "dev.dgan.bench.%s",
                    "mode" : "%s",
                    "threads" : 1,
                    "forks" : 1,
                    "jvm" : "/usr/lib/jvm/jdk-25/bin/java",
                    "jvmArgs" : [ "--enable-native-access=ALL-UNNAMED" ],
                    "jdkVersion" : "25",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25+36-LTS",
                    "warmupIterations" : 1,
                    "measurementIterations" : 2,
                    "params" : { %s },
                    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : %s,
                        "scoreConfidence" : [ 0, 0 ],
                        "scorePercentiles" : { "50.0" : %s },
                        "scoreUnit" : "%s",
                        "rawData" : [ [ %s ] ]
                    },
                    "secondaryMetrics" : { }
                }
                """.formatted(benchmark, mode, params, score, error, score, unit, score);
    }

    static Path jmhFile(Path file, String... entries) throws IOException {
        return Files.writeString(file, "[" + String.join(",", entries) + "]");
    }
}
