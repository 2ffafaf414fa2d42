package dev.dgan.host.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One benchmark of a JMH result file ({@code -rf json}): its primary metric's score, the
 * half-width of its 99.9% confidence interval (NaN when JMH had too few measurements for
 * one) and unit, in a mode and with parameters.
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double scoreError, String unit,
                        Map<String, String> setup) {

    /** Benchmark, mode and parameters: what identifies the same measurement in two files. */
    public String key() {
        return name() + " [" + mode + "]";
    }

    /** The benchmark without its package, and its parameters: "EnsembleInferenceBench.fused (size=256)". */
    public String name() {
        String[] parts = benchmark.split("\\.");
        String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        return params.isEmpty() ? shortName : shortName + " (" + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Throughput is better higher; average time, sample time and single shot are times per operation. */
    public boolean higherIsBetter() {
        return mode.equals("thrpt");
    }

    /** Whether {@code doc} is JMH's output: an array of objects with a benchmark and a primary metric. */
    static boolean looksLikeOne(JsonNode doc) {
        return doc.isArray() && (doc.isEmpty() || doc.get(0).isObject() && doc.get(0).has("benchmark") && doc.get(0).has("primaryMetric"));
    }

    public static List<JmhResult> read(String source, JsonNode doc) {
        if (!doc.isArray()) throw JsonField.root(source, doc).expected("a JMH result (an array of benchmarks)");
        List<JmhResult> out = new ArrayList<>();
        for (int i = 0; i < doc.size(); i++) {
            JsonField b = JsonField.root(source, doc).get(i).object();
            JsonField metric = b.get("primaryMetric").object();
            Map<String, String> params = new TreeMap<>();
            JsonField p = b.get("params");
            if (p.present()) {
                p.object();
                for (var it = p.node().fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    params.put(name, p.get(name).text());
                }
            }
            String mode = b.get("mode").text();
            if (!mode.matches("thrpt|avgt|sample|ss")) throw b.get("mode").expected("one of thrpt, avgt, sample, ss");
            out.add(new JmhResult(b.get("benchmark").text(), mode, params, metric.get("score").numberOrNaN(),
                    metric.get("scoreError").numberOrNaN(), metric.get("scoreUnit").text(), setup(b)));
        }
        return out;
    }

    /** The run's settings that make two files comparable or not: JVM, its options, threads and forks. */
    private static Map<String, String> setup(JsonField b) {
        Map<String, String> m = new TreeMap<>();
        put(m, "JMH", b.get("jmhVersion"));
        put(m, "JVM", b.get("vmName"));
        put(m, "JVM version", b.get("vmVersion"));
        put(m, "JDK", b.get("jdkVersion"));
        put(m, "JVM options", b.get("jvmArgs"));
        put(m, "threads", b.get("threads"));
        put(m, "forks", b.get("forks"));
        return m;
    }

    private static void put(Map<String, String> m, String label, JsonField f) {
        if (f.present()) m.put(label, f.node().isTextual() ? f.node().asText() : f.node().toString());
    }
}
