package dev.dgan.host.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static dev.dgan.host.bench.Results.jmh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhComparisonTest {

    private static final RegressionRule TEN_PERCENT = new RegressionRule(10);

    private static List<JmhResult> parse(String source, String... entries) throws Exception {
        return JmhResult.read(source, new ObjectMapper().readTree("[" + String.join(",", entries) + "]"));
    }

    private static JmhComparison compare(String old, String now) throws Exception {
        return JmhComparison.of("old.json", parse("old.json", old), "new.json", parse("new.json", now), TEN_PERCENT);
    }

    @Test
    void forAverageTimeAHigherScoreIsSlower() throws Exception {
        var c = compare(jmh("EnsembleInferenceBench.fused", "avgt", "\"size\" : \"256\"", 1350, "30", "ms/op"),
                jmh("EnsembleInferenceBench.fused", "avgt", "\"size\" : \"256\"", 1620, "40", "ms/op"));
        JmhComparison.Row r = c.rows().getFirst();
        assertEquals("EnsembleInferenceBench.fused (size=256) [avgt]", r.name());
        assertEquals(20.0, r.slowerPct(), 1e-9);
        assertEquals(Verdict.REGRESSED, r.verdict());
    }

    @Test
    void forThroughputALowerScoreIsSlowerAndAHigherOneFaster() throws Exception {
        JmhComparison.Row slower = compare(jmh("DispatcherOverhead.add", "thrpt", "", 1000, "10", "ops/ms"),
                jmh("DispatcherOverhead.add", "thrpt", "", 800, "10", "ops/ms")).rows().getFirst();
        assertEquals(25.0, slower.slowerPct(), 1e-9); // 1000 / 800 - 1: each operation takes a quarter longer
        assertEquals(Verdict.REGRESSED, slower.verdict());
        JmhComparison.Row faster = compare(jmh("DispatcherOverhead.add", "thrpt", "", 1000, "10", "ops/ms"),
                jmh("DispatcherOverhead.add", "thrpt", "", 1300, "10", "ops/ms")).rows().getFirst();
        assertEquals(Verdict.FASTER, faster.verdict());
    }

    @Test
    void overlappingConfidenceIntervalsAreNoise() throws Exception {
        // 20% slower, but the errors (150 + 150) cover the 200 difference
        var r = compare(jmh("B.run", "avgt", "", 1000, "150", "ms/op"), jmh("B.run", "avgt", "", 1200, "150", "ms/op")).rows().getFirst();
        assertEquals(Verdict.SLOWER_WITHIN_NOISE, r.verdict());
        assertEquals(30.0, r.noisePct(), 1e-9);
    }

    @Test
    void aScoreWithoutErrorAddsNoNoise() throws Exception {
        var r = compare(jmh("B.run", "ss", "", 1000, "\"NaN\"", "ms/op"), jmh("B.run", "ss", "", 1150, "\"NaN\"", "ms/op")).rows().getFirst();
        assertEquals(0, r.noisePct());
        assertEquals(Verdict.REGRESSED, r.verdict());
    }

    @Test
    void scoresInOtherTimeUnitsAreConvertedFirst() throws Exception {
        var avgt = compare(jmh("B.run", "avgt", "", 2.0, "0.01", "ms/op"), jmh("B.run", "avgt", "", 2100, "10", "us/op")).rows().getFirst();
        assertEquals(2.1, avgt.newScore(), 1e-12);
        assertEquals(Verdict.UNCHANGED, avgt.verdict());
        var thrpt = compare(jmh("B.run", "thrpt", "", 5.0, "0.01", "ops/ms"), jmh("B.run", "thrpt", "", 4000, "5", "ops/s")).rows().getFirst();
        assertEquals(4.0, thrpt.newScore(), 1e-12);
        assertEquals(Verdict.REGRESSED, thrpt.verdict());
    }

    @Test
    void unitsThatDoNotConvertAreNotCompared() throws Exception {
        var c = compare(jmh("B.run", "avgt", "", 2.0, "0.01", "ms/op"), jmh("B.run", "avgt", "", 5, "0.1", "B/op"));
        assertEquals(Verdict.NOT_COMPARABLE, c.rows().getFirst().verdict());
        assertTrue(c.warnings().getFirst().contains("units ms/op (old.json) and B/op (new.json) do not convert"), c.warnings().toString());
    }

    @Test
    void benchmarksAreMatchedByNameModeAndParameters() throws Exception {
        var c = JmhComparison.of("old.json", parse("old.json", jmh("B.run", "avgt", "\"size\" : \"256\"", 10, "1", "ms/op"),
                        jmh("B.run", "avgt", "\"size\" : \"512\"", 40, "1", "ms/op")),
                "new.json", parse("new.json", jmh("B.run", "avgt", "\"size\" : \"512\"", 80, "1", "ms/op"),
                        jmh("B.run", "thrpt", "\"size\" : \"256\"", 0.1, "0.01", "ops/ms")), TEN_PERCENT);
        assertEquals(List.of("B.run (size=256) [avgt]", "B.run (size=512) [avgt]", "B.run (size=256) [thrpt]"),
                c.rows().stream().map(JmhComparison.Row::name).toList());
        assertEquals(List.of(Verdict.ONLY_OLD, Verdict.REGRESSED, Verdict.ONLY_NEW), c.rows().stream().map(JmhComparison.Row::verdict).toList());
        String table = print(c);
        assertTrue(table.strip().endsWith("1 of 3 benchmarks regressed (slower by more than 10% and by more than the two scores' errors"
                + " together; for thrpt higher is better, for the time modes lower): B.run (size=512) [avgt]."), table);
    }

    @Test
    void differentJvmsWarn() throws Exception {
        String other = jmh("B.run", "avgt", "", 10, "1", "ms/op").replace("25+36-LTS", "21.0.5+11-LTS");
        var c = compare(jmh("B.run", "avgt", "", 10, "1", "ms/op"), other);
        assertEquals(List.of("JVM version differs: 25+36-LTS (old.json) vs 21.0.5+11-LTS (new.json)"), c.warnings());
    }

    @Test
    void aBadEntryIsNamedByFileAndField() {
        String entry = jmh("B.run", "avgt", "", 10, "1", "ms/op").replace("\"score\" : 10.0", "\"score\" : \"fast\"");
        var e = assertThrows(IllegalArgumentException.class, () -> parse("new.json", entry));
        assertEquals("new.json: field [0].primaryMetric.score: expected a number, got \"fast\"", e.getMessage());
        var mode = assertThrows(IllegalArgumentException.class, () -> parse("new.json", jmh("B.run", "fast", "", 10, "1", "ms/op")));
        assertEquals("new.json: field [0].mode: expected one of thrpt, avgt, sample, ss, got \"fast\"", mode.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> compare(jmh("B.run", "avgt", "", 10, "1", "ms/op"),
                jmh("B.run", "avgt", "", 10, "1", "ms/op") + "," + jmh("B.run", "avgt", "", 10, "1", "ms/op")));
        assertEquals("new.json: benchmark B.run [avgt] appears twice", twice.getMessage());
    }

    static String print(JmhComparison c) {
        StringWriter s = new StringWriter();
        JmhTable.print(c, new PrintWriter(s, true));
        return s.toString();
    }
}
