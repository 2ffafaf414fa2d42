package dev.dgan.host.label;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageTimesTest {

    @Test
    void recordsPerStagePercentilesInMilliseconds() throws Exception {
        StageTimes t = new StageTimes();
        for (int i = 1; i <= 100; i++) t.record("backbone", i * 1_000_000L);
        t.record("write", 5_000_000L);
        assertEquals(42, (int) t.time("interpreter", () -> 42));
        var s = t.summary();
        assertEquals(100.0, s.get("backbone").get("count"));
        assertEquals(50.0, s.get("backbone").get("p50_ms"), 0.1);
        assertEquals(99.0, s.get("backbone").get("p99_ms"), 0.1);
        assertEquals(5.0, s.get("write").get("max_ms"), 0.01);
        assertEquals(1.0, s.get("interpreter").get("count"));
        assertEquals(5.05, t.totalSeconds("backbone"), 0.01);
        StringWriter out = new StringWriter();
        t.print(new PrintWriter(out, true));
        assertTrue(out.toString().lines().count() == 4 && out.toString().contains("backbone"), out.toString());
    }

    @Test
    void batchStagesCountImagesAndOtherStagesOnePerRun() {
        StageTimes t = new StageTimes();
        t.record("backbone", 1_000_000);
        t.countImages("backbone", 4);
        t.record("backbone", 1_000_000);
        t.countImages("backbone", 3);
        t.record("encode", 10);
        t.record("encode", 10);
        org.junit.jupiter.api.Assertions.assertEquals(7, t.images("backbone"));
        org.junit.jupiter.api.Assertions.assertEquals(2, t.images("encode"));
        org.junit.jupiter.api.Assertions.assertEquals(0, t.images("write"));
    }
}
