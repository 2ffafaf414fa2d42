package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor.wrap: libtorch computes on Java-allocated memory, and never after that memory is freed. */
class ZeroCopyTest {

    @Test
    void wrapSharesTheSegmentBothWays() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(6 * 4, 4);
            for (int i = 0; i < 6; i++) seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, i + 0.5f);
            try (Tensor t = Tensor.wrap(seg, DType.F32, 2, 3)) {
                assertEquals(seg.address(), t.data().address(), "no copy");
                assertArrayEquals(new long[] {2, 3}, t.shape());
                assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f}, t.toFloatArray());

                seg.setAtIndex(ValueLayout.JAVA_FLOAT, 4, -7f);
                assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f, -7f, 5.5f}, t.toFloatArray(), "Java writes are visible");

                Ops.fill_(t, 2);
                assertEquals(2f, seg.getAtIndex(ValueLayout.JAVA_FLOAT, 5), "libtorch writes land in the segment");

                try (Tensor doubled = Ops.mul(t, 3.0)) {
                    assertArrayEquals(new float[] {6, 6, 6, 6, 6, 6}, doubled.toFloatArray());
                }
            }
            // the segment is still ours after the tensor is closed
            assertEquals(2f, seg.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
        }
    }

    @Test
    void wrapOtherDtypes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocateFrom(ValueLayout.JAVA_LONG, 3, -4, 5, 6);
            try (Tensor t = Tensor.wrap(seg, DType.I64, 4)) {
                assertEquals(DType.I64, t.dtype());
                assertArrayEquals(new long[] {3, -4, 5, 6}, t.toLongArray());
                assertEquals(seg.address(), t.data().address());
            }
        }
    }

    @Test
    void useAfterTheArenaClosesIsAnIllegalStateException() {
        long live = Tensor.liveCount();
        Arena arena = Arena.ofConfined();
        MemorySegment seg = arena.allocate(4 * 4, 16);
        Tensor t = Tensor.wrap(seg, DType.F32, 4);
        Tensor shared = t.share();
        arena.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("arena is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, t::shape);
        assertThrows(IllegalStateException.class, t::data);
        assertThrows(IllegalStateException.class, () -> Ops.add(t, 1.0));
        assertThrows(IllegalStateException.class, shared::toFloatArray, "a second owner is guarded too");
        assertEquals(live + 2, Tensor.liveCount(), "failed uses create nothing");
        // closing never touches the freed memory
        t.close();
        shared.close();
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void viewsOfAWrappedTensorAreGuardedToo() {
        long live = Tensor.liveCount();
        Arena arena = Arena.ofConfined();
        MemorySegment seg = arena.allocate(6 * 4, 16);
        Tensor t = Tensor.wrap(seg, DType.F32, 2, 3);
        Tensor view = Ops.reshape(t, 3, 2);
        Tensor transposed = Ops.transpose(t, 0, 1);
        Tensor row = Ops.narrow(t, 0, 1, 1);
        Tensor copy = Ops.mul(t, 1.0);
        Tensor cloned = Ops.clone(t);
        assertEquals(seg.address(), view.data().address(), "reshape of a contiguous tensor is a view");
        assertEquals(seg.address() + 12, row.data().address(), "the second row starts 3 floats in");
        arena.close();
        Tensor[] views = {view, transposed, row};
        for (int i = 0; i < views.length; i++) {
            assertThrows(IllegalStateException.class, views[i]::toFloatArray, "view " + i);
            assertThrows(IllegalStateException.class, views[i]::shape, "view " + i);
        }
        // results in memory of their own stay usable
        assertArrayEquals(new long[] {2, 3}, copy.shape());
        assertEquals(6, cloned.toFloatArray().length);
        for (Tensor x : new Tensor[] {t, view, transposed, row, copy, cloned}) x.close();
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void wrongByteSizeNamesBothSizes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(12, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(seg, DType.F32, 2, 2));
            assertTrue(e.getMessage().contains("12 bytes") && e.getMessage().contains("16 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(seg, DType.F64, 1));
            assertTrue(big.getMessage().contains("12 bytes") && big.getMessage().contains("8 bytes"), big.getMessage());
        }
    }

    @Test
    void heapAndMisalignedSegmentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(MemorySegment.ofArray(new float[4]), DType.F32, 4));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(20, 8).asSlice(1, 16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(seg, DType.F32, 4));
            assertTrue(e.getMessage().contains("aligned"), e.getMessage());
        }
    }
}
