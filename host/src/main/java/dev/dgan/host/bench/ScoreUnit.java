package dev.dgan.host.bench;

import java.util.Map;
import java.util.Optional;

/**
 * A JMH score unit: time per operation ("ms/op") or operations per time ("ops/s"). Two runs of
 * one benchmark may use different time units (its @OutputTimeUnit changed, or -tu was given),
 * so scores are converted before they are compared.
 */
record ScoreUnit(boolean perOperation, double secondsPerTimeUnit) {

    private static final Map<String, Double> SECONDS = Map.of("ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0, "hr", 3600.0,
            "day", 86400.0);

    static Optional<ScoreUnit> parse(String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) return Optional.empty();
        if (parts[1].equals("op") && SECONDS.containsKey(parts[0])) return Optional.of(new ScoreUnit(true, SECONDS.get(parts[0])));
        if (parts[0].equals("ops") && SECONDS.containsKey(parts[1])) return Optional.of(new ScoreUnit(false, SECONDS.get(parts[1])));
        return Optional.empty();
    }

    /**
     * The factor that turns a score in {@code from} into one in {@code to}, if both are times per
     * operation or both operations per time; otherwise (or for units not understood) none.
     */
    static Optional<Double> factor(String from, String to) {
        if (from.equals(to)) return Optional.of(1.0);
        Optional<ScoreUnit> f = parse(from), t = parse(to);
        if (f.isEmpty() || t.isEmpty() || f.get().perOperation != t.get().perOperation) return Optional.empty();
        double ratio = f.get().secondsPerTimeUnit / t.get().secondsPerTimeUnit;
        return Optional.of(f.get().perOperation ? ratio : 1 / ratio);
    }
}
