package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static dev.dgan.runtime.TestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation, metadata, reading values, references and copies of single tensors. */
class TensorTest {

    @Test
    void ofKeepsValuesShapeAndDtype() {
        float[] v = TestSupport.randn(new Random(1), 24);
        try (Tensor t = Tensor.of(v, 2, 3, 4)) {
            assertArrayEquals(new long[] {2, 3, 4}, t.shape());
            assertArrayEquals(new long[] {12, 4, 1}, t.strides());
            assertEquals(3, t.dim());
            assertEquals(24, t.numel());
            assertEquals(4, t.size(2));
            assertEquals(3, t.size(-2));
            assertEquals(DType.F32, t.dtype());
            assertEquals(Device.CPU, t.device());
            assertTrue(t.isContiguous());
            assertArrayEquals(v, t.toFloatArray());
        }
        double[] d = {1.5, -2.25, 1e300};
        try (Tensor t = Tensor.of(d, 3)) {
            assertEquals(DType.F64, t.dtype());
            assertArrayEquals(d, t.toDoubleArray());
        }
        long[] l = {Long.MIN_VALUE, 7, Long.MAX_VALUE, -1};
        try (Tensor t = Tensor.of(l, 2, 2)) {
            assertEquals(DType.I64, t.dtype());
            assertArrayEquals(l, t.toLongArray());
        }
        int[] i = {3, -4, Integer.MAX_VALUE};
        try (Tensor t = Tensor.of(i, 3)) {
            assertEquals(DType.I32, t.dtype());
            assertArrayEquals(i, t.toIntArray());
        }
        byte[] b = {0, 1, (byte) 255};
        try (Tensor t = Tensor.of(b, DType.U8, 3)) {
            assertEquals(DType.U8, t.dtype());
            assertArrayEquals(b, t.toByteArray());
        }
    }

    @Test
    void ofCopiesTheArray() {
        float[] v = {1, 2, 3};
        try (Tensor t = Tensor.of(v, 3)) {
            v[0] = 100;
            assertArrayEquals(new float[] {1, 2, 3}, t.toFloatArray());
        }
    }

    @Test
    void ofRejectsAMismatchedCountOrNegativeSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.empty(DType.F32, Device.CPU, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new byte[2], DType.F16, 2));
    }

    @Test
    void emptyHasShapeAndDtypeIncludingZeroSizedAndZeroDim() {
        try (Tensor t = Tensor.empty(DType.F64, Device.CPU, 3, 0, 2)) {
            assertArrayEquals(new long[] {3, 0, 2}, t.shape());
            assertEquals(0, t.numel());
            assertEquals(DType.F64, t.dtype());
            assertEquals(0, t.toDoubleArray().length);
        }
        try (Tensor t = Tensor.empty(DType.I32, Device.CPU)) {
            assertEquals(0, t.dim());
            assertEquals(1, t.numel());
        }
    }

    @Test
    void scalarIsZeroDimFloat64() {
        try (Tensor s = Tensor.scalar(-2.75)) {
            assertEquals(0, s.dim());
            assertEquals(DType.F64, s.dtype());
            assertEquals(-2.75, s.item());
        }
    }

    @Test
    void itemConvertsOneElementTensorsAndRejectsOthers() {
        try (Tensor f = Tensor.of(new float[] {0.1f}, 1, 1); Tensor i = Tensor.of(new long[] {-42}, 1);
             Tensor two = Tensor.of(new float[] {1, 2}, 2)) {
            assertEquals(0.1f, (float) f.item());
            assertEquals(-42.0, i.item());
            IllegalStateException e = assertThrows(IllegalStateException.class, two::item);
            assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        }
    }

    @Test
    void dataIsAViewOfLibtorchMemory() {
        try (Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)) {
            MemorySegment d = t.data();
            assertEquals(16, d.byteSize());
            d.setAtIndex(ValueLayout.JAVA_FLOAT, 3, 9f);
            assertArrayEquals(new float[] {1, 2, 3, 9}, t.toFloatArray());
            // A second owner sees the same storage.
            try (Tensor s = t.share()) {
                assertEquals(d.address(), s.data().address());
            }
        }
    }

    @Test
    void dataRefusesNonContiguousTensors() {
        try (Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor tt = Ops.transpose(t, 0, 1)) {
            assertFalse(tt.isContiguous());
            assertThrows(IllegalStateException.class, tt::data);
            // toFloatArray copies to a contiguous tensor first.
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, tt.toFloatArray());
        }
    }

    @Test
    void shareOutlivesTheOriginalAndCloseIsIdempotent() {
        long live = Tensor.liveCount();
        Tensor t = Tensor.of(new float[] {5, 6}, 2);
        Tensor s = t.share();
        assertEquals(live + 2, Tensor.liveCount());
        t.close();
        t.close();
        assertTrue(t.isClosed());
        assertEquals(live + 1, Tensor.liveCount());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::shape);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals("Tensor(closed)", t.toString());
        assertArrayEquals(new float[] {5, 6}, s.toFloatArray());
        s.close();
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void toConvertsDtypeAndSharesWhenNothingChanges() {
        try (Tensor t = Tensor.of(new float[] {1.5f, -2.5f, 3.75f}, 3)) {
            try (Tensor same = t.to(DType.F32); Tensor sameDev = t.to(Device.CPU); Tensor cpu = t.cpu()) {
                assertEquals(t.data().address(), same.data().address());
                assertEquals(t.data().address(), sameDev.data().address());
                assertEquals(t.data().address(), cpu.data().address());
            }
            try (Tensor d = t.to(DType.F64)) {
                assertEquals(DType.F64, d.dtype());
                assertArrayEquals(new double[] {1.5, -2.5, 3.75}, d.toDoubleArray());
                assertNotEquals(t.data().address(), d.data().address());
            }
            try (Tensor i = t.to(DType.I64)) {
                assertArrayEquals(new long[] {1, -2, 3}, i.toLongArray()); // truncation toward zero
            }
        }
    }

    @Test
    void copyFromBroadcastsAndConverts() {
        try (Tensor dst = Tensor.empty(DType.F32, Device.CPU, 2, 3); Tensor row = Tensor.of(new double[] {1, 2, 3}, 3)) {
            dst.copyFrom(row);
            assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, dst.toFloatArray());
        }
        try (Tensor dst = Tensor.empty(DType.F32, Device.CPU, 2); Tensor bad = Tensor.of(new float[] {1, 2, 3}, 3)) {
            assertThrows(TorchException.class, () -> dst.copyFrom(bad));
        }
    }

    @Test
    void toFloatArrayConvertsOtherDtypes() {
        Random r = new Random(5);
        double[] d = new double[10];
        for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
        try (Tensor t = Tensor.of(d, 10)) {
            float[] f = t.toFloatArray();
            for (int i = 0; i < d.length; i++) assertEquals((float) d[i], f[i]);
            TestSupport.assertClose(d, f, "f64 -> f32");
            try (Tensor back = Tensor.of(f, 10)) {
                assertArrayEquals(toDouble(f), back.toDoubleArray());
            }
        }
    }

    @Test
    void toStringNamesShapeDtypeAndDevice() {
        try (Tensor t = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, 3, 2)) {
            assertEquals("Tensor[3, 2] I32 cpu", t.toString());
        }
    }
}
