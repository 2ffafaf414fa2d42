package dev.dgan.host.bench;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/** Prints a {@link JmhComparison}: one line per benchmark, then the verdict. */
final class JmhTable {

    private JmhTable() {}

    static void print(JmhComparison c, PrintWriter out) {
        out.println("Comparing JMH results " + c.oldName() + " with " + c.newName() + ".");
        for (String w : c.warnings()) out.println("warning: " + w);
        int width = Math.min(70, Math.max(9, c.rows().stream().mapToInt(r -> r.name().length()).max().orElse(0)));
        out.printf("%-" + width + "s %-8s %20s %20s %8s %8s  %s%n", "benchmark", "unit", "old ± error", "new ± error", "slower", "noise",
                "verdict");
        for (JmhComparison.Row r : c.rows()) {
            JmhResult any = r.old() != null ? r.old() : r.now();
            out.printf("%-" + width + "s %-8s %20s %20s %8s %8s  %s%n", r.name(), any.unit(),
                    r.old() == null ? "-" : score(r.old().score(), r.old().scoreError()),
                    r.now() == null ? "-" : score(r.newScore(), r.newError()), Numbers.change(r.slowerPct()), Numbers.noise(r.noisePct()),
                    r.verdict().label());
        }
        var regressed = c.regressions();
        String rule = "slower by more than " + Numbers.threshold(c.rule().thresholdPct())
                + " and by more than the two scores' errors together; for thrpt higher is better, for the time modes lower";
        if (regressed.isEmpty()) out.println("No benchmark regressed (" + rule + ").");
        else out.println(regressed.size() + " of " + c.rows().size() + " benchmarks regressed (" + rule + "): "
                + regressed.stream().map(JmhComparison.Row::name).collect(Collectors.joining(", ")) + ".");
    }

    private static String score(double score, double error) {
        return Numbers.value(score) + (Double.isNaN(error) ? "" : " ± " + Numbers.value(error));
    }
}
