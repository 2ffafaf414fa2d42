package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceMemoryTest {

    @Test
    void hostPeakFollowsAnAllocationAndRestartsOnReset() {
        LibTorch.get();
        DeviceMemory host = DeviceMemory.of(Device.CPU);
        assertTrue(host.available() > 0, "MemAvailable");
        host.resetPeak();
        long before = host.peak();
        long bytes = 256L << 20;
        try (Tensor t = Ops.full(1.0, DType.F32, Device.CPU, bytes / 4)) { // filled, so every page is resident
            assertTrue(t.shape()[0] == bytes / 4);
        }
        long after = host.peak();
        assertTrue(after - before >= bytes * 9 / 10, "peak grew by " + (after - before) + " bytes, expected about " + bytes);
        host.resetPeak();
        assertTrue(host.peak() < after, "the reset restarts the peak from the current resident set, after the tensor was freed");
    }
}
