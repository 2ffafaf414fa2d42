package dev.dgan.host.bench;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/** Prints a {@link StageComparison}: one line per stage, pairs per second, then the verdict. */
final class StageTable {

    private StageTable() {}

    static void print(StageComparison c, PrintWriter out) {
        out.println("Comparing " + c.old().describe() + " with " + c.now().describe() + ".");
        for (String w : c.warnings()) out.println("warning: " + w);
        int width = Math.max(12, c.rows().stream().mapToInt(r -> r.stage().length()).max().orElse(0));
        out.printf("%-" + width + "s %22s %8s %22s %8s %15s %9s  %s%n", "stage", "p50 ms old -> new", "change", "p99 ms old -> new", "change",
                "spread o / n", "noise", "verdict");
        for (StageComparison.Row r : c.rows()) {
            StageStats o = r.old(), n = r.now();
            out.printf("%-" + width + "s %22s %8s %22s %8s %15s %9s  %s%n", r.stage(),
                    arrow(o == null ? Double.NaN : o.p50Ms(), n == null ? Double.NaN : n.p50Ms()), Numbers.change(r.slowerPct()),
                    arrow(o == null ? Double.NaN : o.p99Ms(), n == null ? Double.NaN : n.p99Ms()),
                    o == null || n == null ? "-" : Numbers.change(100 * (n.p99Ms() / o.p99Ms() - 1)),
                    Numbers.percent(o == null ? Double.NaN : o.spreadPct()) + " / " + Numbers.percent(n == null ? Double.NaN : n.spreadPct()),
                    Numbers.noise(r.noisePct()), r.verdict().label());
        }
        out.printf("%-" + width + "s %22s %8s  (not judged: a run has one rate, no spread)%n", "pairs/s",
                arrow(c.old().pairsPerSecond(), c.now().pairsPerSecond()), Numbers.change(c.pairsChangePct()));
        var regressed = c.regressions();
        String rule = "p50 slower by more than " + Numbers.threshold(c.rule().thresholdPct()) + " and by more than its noise";
        if (regressed.isEmpty()) out.println("No stage regressed (" + rule + ").");
        else out.println(regressed.size() + " of " + c.rows().size() + " stages regressed (" + rule + "): "
                + regressed.stream().map(StageComparison.Row::stage).collect(Collectors.joining(", ")) + ".");
    }

    static String arrow(double old, double now) {
        return Numbers.value(old) + " -> " + Numbers.value(now);
    }
}
