package dev.dgan.host.label;

import dev.dgan.runtime.DeviceMemory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoBatchTest {

    private static final long MIB = 1L << 20;

    @Test
    void fillsFourFifthsOfTheFreeMemoryAfterTheFixedCost() {
        // one sample 300 MiB, two 500: 200 per sample, 100 fixed; 0.8 x 10000 - 100 = 7900 -> 39
        AutoBatch.Choice c = AutoBatch.decide(10_000 * MIB, 300 * MIB, 500 * MIB, AutoBatch.GPU_CAP, 1000);
        assertEquals(39, c.batch());
        assertEquals(200 * MIB, c.perSample());
        assertEquals(100 * MIB, c.fixed());
    }

    @Test
    void neverBelowOneNorAboveTheCapOrTheRun() {
        assertEquals(1, AutoBatch.decide(100 * MIB, 300 * MIB, 500 * MIB, AutoBatch.GPU_CAP, 1000).batch(), "too little memory still runs one");
        assertEquals(AutoBatch.GPU_CAP, AutoBatch.decide(1L << 40, MIB, 2 * MIB, AutoBatch.GPU_CAP, 100_000).batch());
        assertEquals(7, AutoBatch.decide(1L << 40, MIB, 2 * MIB, AutoBatch.GPU_CAP, 7).batch(), "no bigger than the run");
        assertEquals(AutoBatch.CPU_CAP, AutoBatch.decide(1L << 40, MIB, 2 * MIB, AutoBatch.CPU_CAP, 1000).batch());
    }

    @Test
    void aProbeTheGaugeCannotResolveCountsAsOneMebibyte() {
        AutoBatch.Choice c = AutoBatch.decide(100 * MIB, 0, 0, AutoBatch.GPU_CAP, 1000);
        assertEquals(MIB, c.perSample());
        assertEquals(80, c.batch());
    }

    @Test
    void probesOneThenTwoAndReadsTheirPeaks() throws Exception {
        FakeMemory memory = new FakeMemory(8_000 * MIB, 1_000 * MIB);
        List<Integer> probed = new ArrayList<>();
        AutoBatch.Choice c = AutoBatch.choose(memory, n -> {
            probed.add(n);
            memory.held = 1_000 * MIB + 50 * MIB + n * 100 * MIB; // 50 fixed + 100 per sample above the start
        }, true, 1000);
        assertEquals(List.of(1, 2), probed);
        assertEquals(100 * MIB, c.perSample());
        assertEquals(50 * MIB, c.fixed());
        assertEquals((int) ((0.8 * 8_000 - 50) / 100), c.batch());
        assertTrue(c.describe().startsWith("--batch auto: 63 "), c.describe());
    }

    /** A gauge whose peak is whatever the probe says it holds. */
    private static final class FakeMemory implements DeviceMemory {
        final long free;
        long held;

        FakeMemory(long free, long held) {
            this.free = free;
            this.held = held;
        }

        @Override
        public long available() {
            return free;
        }

        @Override
        public long peak() {
            return held;
        }

        @Override
        public void resetPeak() {
        }
    }
}
