package dev.dgan.host.label;

import dev.dgan.runtime.DispatcherCalls;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Latency of each pipeline stage, one HdrHistogram per stage (nanoseconds, 3 significant
 * digits), in the order stages were first seen.
 */
public final class StageTimes {

    private final Map<String, Histogram> stages = new LinkedHashMap<>();
    private final Map<String, Long> images = new LinkedHashMap<>();
    private final Map<String, Long> dispatcherCalls = new LinkedHashMap<>();

    public <T> T time(String stage, Callable<T> work) throws Exception {
        long start = System.nanoTime();
        long calls = DispatcherCalls.count();
        try {
            return work.call();
        } finally {
            record(stage, System.nanoTime() - start);
            // other threads' ops count too: only stages that run alone (the pipeline's) read meaningfully
            dispatcherCalls.merge(stage, DispatcherCalls.count() - calls, Long::sum);
        }
    }

    /** libtorch dispatcher calls made while a stage ran, per image it did. */
    public double dispatcherCallsPerImage(String stage) {
        long n = images(stage);
        return n == 0 ? 0 : dispatcherCalls.getOrDefault(stage, 0L) / (double) n;
    }

    public void record(String stage, long nanos) {
        stages.computeIfAbsent(stage, s -> new Histogram(3_600_000_000_000L, 3)).recordValue(Math.max(0, nanos));
    }

    /** Counts {@code n} images done by one recorded run of a stage that works on batches. */
    public void countImages(String stage, long n) {
        images.merge(stage, n, Long::sum);
    }

    /** Images a stage has done: those counted, or one per recorded run for stages that count none. */
    public long images(String stage) {
        Long n = images.get(stage);
        if (n != null) return n;
        Histogram h = stages.get(stage);
        return h == null ? 0 : h.getTotalCount();
    }

    public Map<String, Histogram> histograms() {
        return stages;
    }

    /** Total recorded time of a stage in seconds. */
    public double totalSeconds(String stage) {
        Histogram h = stages.get(stage);
        return h == null ? 0 : h.getMean() * h.getTotalCount() / 1e9;
    }

    /** A table: stage, count, p50, p90, p99, max and mean in milliseconds. */
    public void print(PrintWriter out) {
        out.printf("%-12s %7s %10s %10s %10s %10s %10s%n", "stage", "count", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms");
        for (var e : stages.entrySet()) {
            Histogram h = e.getValue();
            out.printf("%-12s %7d %10.2f %10.2f %10.2f %10.2f %10.2f%n", e.getKey(), h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                    h.getMaxValue() / 1e6, h.getMean() / 1e6);
        }
    }

    /** The same numbers as JSON-friendly maps. */
    public Map<String, Map<String, Double>> summary() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (var e : stages.entrySet()) {
            Histogram h = e.getValue();
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("count", (double) h.getTotalCount());
            m.put("p50_ms", h.getValueAtPercentile(50) / 1e6);
            m.put("p90_ms", h.getValueAtPercentile(90) / 1e6);
            m.put("p99_ms", h.getValueAtPercentile(99) / 1e6);
            m.put("max_ms", h.getMaxValue() / 1e6);
            m.put("mean_ms", h.getMean() / 1e6);
            out.put(e.getKey(), m);
        }
        return out;
    }
}
