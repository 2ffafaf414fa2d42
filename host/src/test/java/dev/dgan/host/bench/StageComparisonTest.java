package dev.dgan.host.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static dev.dgan.host.bench.Results.result;
import static dev.dgan.host.bench.Results.stage;
import static dev.dgan.host.bench.Results.stages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageComparisonTest {

    private static final RegressionRule TEN_PERCENT = new RegressionRule(10);

    private static StageComparison.Row only(StageStats old, StageStats now) {
        return StageComparison.row("backbone", old, now, TEN_PERCENT);
    }

    @Test
    void aNarrowStageSlowerBeyondThresholdAndNoiseRegressed() {
        // band 2 ms over 32 timings each: noise sqrt(4/32 + 4/32) = 0.5 ms, 3.1% of 16 ms
        StageComparison.Row r = only(stage(32, 15, 16, 17), stage(32, 19, 20, 21));
        assertEquals(25.0, r.slowerPct(), 1e-9);
        assertEquals(3.125, r.noisePct(), 1e-9);
        assertEquals(Verdict.REGRESSED, r.verdict());
    }

    @Test
    void aJitteryStageSlowerBeyondThresholdButWithinItsNoiseDidNot() {
        // band 2.5 ms over 4 timings each: noise 1.77 ms, far more than the 0.2 ms shift
        StageComparison.Row r = only(stage(4, 0.5, 1.0, 3.0), stage(4, 0.7, 1.2, 3.2));
        assertEquals(20.0, r.slowerPct(), 1e-9);
        assertEquals(Verdict.SLOWER_WITHIN_NOISE, r.verdict());
    }

    @Test
    void moreSamplesNarrowTheNoise() {
        StageComparison.Row r = only(stage(400, 0.5, 1.0, 3.0), stage(400, 0.7, 1.2, 3.2));
        assertEquals(Verdict.REGRESSED, r.verdict(), () -> "noise " + r.noisePct());
    }

    @Test
    void slowerWithinTheThresholdIsFineAndFasterBeyondItIsAnImprovement() {
        assertEquals(Verdict.UNCHANGED, only(stage(32, 15, 16, 17), stage(32, 15.8, 16.8, 17.8)).verdict());
        assertEquals(Verdict.FASTER, only(stage(32, 15, 16, 17), stage(32, 11, 12, 13)).verdict());
        // faster, but not beyond the threshold
        assertEquals(Verdict.UNCHANGED, only(stage(32, 15, 16, 17), stage(32, 14.5, 15.5, 16.5)).verdict());
    }

    @Test
    void oneTimingPerRunHasNoNoiseSoOnlyTheThresholdDecides() {
        StageComparison.Row r = only(stage(1, 10, 10, 10), stage(1, 11.5, 11.5, 11.5));
        assertEquals(0, r.noisePct());
        assertEquals(Verdict.REGRESSED, r.verdict());
    }

    @Test
    void stagesOnlyOneResultHasAreListedNotJudged() {
        var c = StageComparison.of(result("old.json", stages("backbone", stage(8, 15, 16, 17), "encode", stage(32, 1, 1.4, 2))),
                result("new.json", stages("backbone", stage(8, 15, 16, 17), "upload", stage(32, 1, 1.4, 2))), TEN_PERCENT);
        assertEquals(3, c.rows().size());
        assertEquals(Verdict.ONLY_OLD, c.rows().get(1).verdict());
        assertEquals("upload", c.rows().get(2).stage());
        assertEquals(Verdict.ONLY_NEW, c.rows().get(2).verdict());
        assertTrue(c.regressions().isEmpty());
        String table = print(c);
        assertTrue(table.contains("only in OLD") && table.contains("only in NEW"), table);
    }

    @Test
    void differentMachinesAndBatchesWarnButStillCompare() {
        var other = new Machine("Other CPU 9000", "amd64", 16, 64L << 30, "Linux 6.1", null);
        var old = result("old.json", stages("backbone", stage(8, 15, 16, 17)));
        var now = new BenchResult("new.json", BenchResultJson.FORMAT, "2025-01-02T10:00:00Z", other, old.software(),
                new BenchResult.Settings("cpu", "fp32", 8, 2, 2, "segmentation", "stylegan2", "config-f", 256, "/m"), 32, 80,
                stages("backbone", stage(8, 15, 16, 17)));
        var c = StageComparison.of(old, now, TEN_PERCENT);
        String warnings = String.join("\n", c.warnings());
        assertTrue(warnings.contains("machine differs: Example CPU 3000, amd64, 2 processors, 8.0 GiB (old.json) vs Other CPU 9000"), warnings);
        assertTrue(warnings.contains("threads differs: intra-op 1, BLAS 1 (old.json) vs intra-op 2, BLAS 2 (new.json)"), warnings);
        assertTrue(warnings.contains("batch differs") && warnings.contains("whole batches"), warnings);
        assertTrue(!warnings.contains("libtorch") && !warnings.contains("device"), warnings);
        assertEquals(Verdict.UNCHANGED, c.rows().getFirst().verdict());
        assertEquals(100, c.pairsChangePct(), 1e-9);
    }

    @Test
    void theTableShowsBothPercentilesTheSpreadTheNoiseAndTheVerdict() {
        var c = StageComparison.of(result("old.json", stages("backbone", stage(32, 15, 16, 17), "write", stage(32, 0.4, 0.5, 0.7))),
                result("new.json", Results.MACHINE, 32, stages("backbone", stage(32, 19, 20, 21), "write", stage(32, 0.4, 0.5, 0.7))),
                TEN_PERCENT);
        String table = print(c);
        assertTrue(table.startsWith("Comparing old.json (dgan-bench/2, revision 0123456789ab, 2025-01-01T10:00:00Z) with new.json"), table);
        var backbone = table.lines().filter(l -> l.startsWith("backbone")).findFirst().orElseThrow();
        assertTrue(backbone.contains("16.0 -> 20.0") && backbone.contains("+25.0%") && backbone.contains("20.4 -> 25.2")
                && backbone.contains("13% / 10%") && backbone.contains("±3.1%") && backbone.endsWith("REGRESSED"), backbone);
        assertTrue(table.contains("pairs/s") && table.contains("40.0 -> 32.0") && table.contains("-20.0%"), table);
        assertTrue(table.strip().endsWith("1 of 2 stages regressed (p50 slower by more than 10% and by more than its noise): backbone."), table);
    }

    static String print(StageComparison c) {
        StringWriter s = new StringWriter();
        StageTable.print(c, new PrintWriter(s, true));
        return s.toString();
    }
}
