package dev.dgan.host.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two JMH result files, benchmark by benchmark (same benchmark, mode and parameters). "Slower"
 * is measured in time: for throughput, old/new - 1; for the time modes, new/old - 1. The noise
 * is the sum of the two scores' errors (JMH's 99.9% confidence half-widths): a difference beyond
 * it means the two intervals do not overlap. A score without an error (one measurement) adds none.
 */
public record JmhComparison(String oldName, String newName, RegressionRule rule, List<Row> rows, List<String> warnings) {

    /**
     * A benchmark; {@code old} or {@code now} is null when only one file has it. {@code newScore}
     * and {@code newError} are in the old result's unit.
     */
    public record Row(String name, JmhResult old, JmhResult now, double newScore, double newError, double slowerPct, double noisePct,
                      Verdict verdict) {}

    public static JmhComparison of(String oldName, List<JmhResult> old, String newName, List<JmhResult> now, RegressionRule rule) {
        Map<String, JmhResult> before = byKey(oldName, old), after = byKey(newName, now);
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<Row> rows = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (String key : keys) {
            JmhResult o = before.get(key), n = after.get(key);
            if (o != null && n != null) {
                warnings.addAll(SetupCheck.differences(oldName, o.setup(), newName, n.setup()));
                if (ScoreUnit.factor(n.unit(), o.unit()).isEmpty())
                    warnings.add(key + ": units " + o.unit() + " (" + oldName + ") and " + n.unit() + " (" + newName + ") do not convert");
            }
            rows.add(row(key, o, n, rule));
        }
        return new JmhComparison(oldName, newName, rule, rows, List.copyOf(warnings));
    }

    private static Map<String, JmhResult> byKey(String source, List<JmhResult> results) {
        Map<String, JmhResult> m = new LinkedHashMap<>();
        for (JmhResult r : results)
            if (m.put(r.key(), r) != null) throw new IllegalArgumentException(source + ": benchmark " + r.key() + " appears twice");
        return m;
    }

    static Row row(String key, JmhResult old, JmhResult now, RegressionRule rule) {
        if (old == null) return new Row(key, null, now, now.score(), now.scoreError(), Double.NaN, Double.NaN, Verdict.ONLY_NEW);
        if (now == null) return new Row(key, old, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Verdict.ONLY_OLD);
        Optional<Double> factor = ScoreUnit.factor(now.unit(), old.unit());
        if (factor.isEmpty() || !(old.score() > 0) || Double.isNaN(now.score()))
            return new Row(key, old, now, now.score(), now.scoreError(), Double.NaN, Double.NaN, Verdict.NOT_COMPARABLE);
        double score = now.score() * factor.get(), error = now.scoreError() * factor.get();
        double slowerPct = 100 * (old.higherIsBetter() ? old.score() / score - 1 : score / old.score() - 1);
        double noise = orZero(old.scoreError()) + orZero(error);
        return new Row(key, old, now, score, error, slowerPct, 100 * noise / old.score(),
                rule.judge(slowerPct, Math.abs(score - old.score()) > noise));
    }

    private static double orZero(double error) {
        return Double.isNaN(error) ? 0 : error;
    }

    public List<Row> regressions() {
        return rows.stream().filter(r -> r.verdict() == Verdict.REGRESSED).toList();
    }
}
