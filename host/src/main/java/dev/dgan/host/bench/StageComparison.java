package dev.dgan.host.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Two {@code dgan bench} results, stage by stage. A stage's change is its p50's; its noise is
 * {@code sqrt(b_old^2 / n_old + b_new^2 / n_new)}, where b is the stage's p10-p90 band and n its
 * count. For normally distributed timings that is about two standard errors of the difference of
 * the two medians, so a shift beyond it is unlikely to be chance, and more samples narrow it.
 */
public record StageComparison(BenchResult old, BenchResult now, RegressionRule rule, List<Row> rows, List<String> warnings) {

    /** A stage; {@code old} or {@code now} is null for a stage only one result has. */
    public record Row(String stage, StageStats old, StageStats now, double slowerPct, double noisePct, Verdict verdict) {}

    public static StageComparison of(BenchResult old, BenchResult now, RegressionRule rule) {
        Set<String> names = new LinkedHashSet<>(old.stages().keySet());
        names.addAll(now.stages().keySet());
        List<Row> rows = new ArrayList<>();
        for (String name : names) rows.add(row(name, old.stages().get(name), now.stages().get(name), rule));
        List<String> warnings = new ArrayList<>(SetupCheck.differences(old.source(), old.setup(), now.source(), now.setup()));
        if (old.settings().batch() != null && now.settings().batch() != null && !old.settings().batch().equals(now.settings().batch()))
            warnings.add("backbone and interpreter time whole batches: their times change with the batch size");
        return new StageComparison(old, now, rule, rows, warnings);
    }

    static Row row(String name, StageStats old, StageStats now, RegressionRule rule) {
        if (old == null) return new Row(name, null, now, Double.NaN, Double.NaN, Verdict.ONLY_NEW);
        if (now == null) return new Row(name, old, null, Double.NaN, Double.NaN, Verdict.ONLY_OLD);
        if (!(old.p50Ms() > 0)) return new Row(name, old, now, Double.NaN, Double.NaN, Verdict.NOT_COMPARABLE);
        double noiseMs = Math.sqrt(square(old.bandMs()) / Math.max(1, old.count()) + square(now.bandMs()) / Math.max(1, now.count()));
        double delta = now.p50Ms() - old.p50Ms();
        double slowerPct = 100 * delta / old.p50Ms();
        return new Row(name, old, now, slowerPct, 100 * noiseMs / old.p50Ms(), rule.judge(slowerPct, Math.abs(delta) > noiseMs));
    }

    private static double square(double x) {
        return x * x;
    }

    public List<Row> regressions() {
        return rows.stream().filter(r -> r.verdict() == Verdict.REGRESSED).toList();
    }

    /** Change of labeled pairs per second in percent (positive: more pairs per second). */
    public double pairsChangePct() {
        return 100 * (now.pairsPerSecond() / old.pairsPerSecond() - 1);
    }
}
