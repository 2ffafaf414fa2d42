package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Linker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allocator set-up libtorch's loading applies: on glibc it is tuned unless switched off, and applied once. */
class MallocTuningTest {

    @Test
    void glibcIsTunedOnceWhenLibTorchLoads() {
        LibTorch.load(null);
        MallocTuning.State first = MallocTuning.apply();
        assertSame(first, MallocTuning.apply(), "applied once per process");
        boolean glibc = Linker.nativeLinker().defaultLookup().find("mallopt").isPresent();
        boolean off = "glibc".equals(System.getenv(MallocTuning.ENV)) || "glibc".equals(System.getProperty(MallocTuning.PROPERTY));
        assertEquals(glibc && !off, first.tuned(), first.description());
        assertTrue(first.description().contains(first.tuned() ? "DGAN_MALLOC=" + first.mode() : "glibc"), first.description());
    }
}
