package dev.dgan.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.dgan.runtime.TestSupport.assertClose;
import static dev.dgan.runtime.TestSupport.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-place operators against plain-Java products, written into views of a larger tensor. */
@ExtendWith(ScopePerTest.class)
class InPlaceOpsTest {

    private final Random rnd = new Random(77);

    private static double[] product(float[] a, float[] b, int n, int k, int m) {
        double[] out = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += (double) a[i * k + t] * b[t * m + j];
                out[i * m + j] = s;
            }
        return out;
    }

    @Test
    void mmIntoWritesOnlyTheColumnBlockItIsGiven() {
        float[] a = randn(rnd, 5 * 3), b = randn(rnd, 3 * 4);
        Tensor whole = Ops.full(9, DType.F32, Device.CPU, 5, 10);
        InPlaceOps.mmInto(Tensor.of(a, 5, 3), Tensor.of(b, 3, 4), Ops.narrow(whole, 1, 3, 4));
        float[] got = whole.toFloatArray();
        double[] expected = product(a, b, 5, 3, 4);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 10; j++) {
                float v = got[i * 10 + j];
                if (j < 3 || j >= 7) assertEquals(9f, v, "column " + j + " outside the block is untouched");
                else assertEquals(expected[i * 4 + j - 3], v, 1e-5, "row " + i + " column " + j);
            }
    }

    @Test
    void addmmAccumulatesIntoTheSameTensor() {
        float[] acc0 = randn(rnd, 4 * 6), a = randn(rnd, 4 * 8), b = randn(rnd, 8 * 6);
        Tensor acc = Tensor.of(acc0.clone(), 4, 6).to(Device.CPU);
        InPlaceOps.addmm(acc, Tensor.of(a, 4, 8), Tensor.of(b, 8, 6));
        double[] expected = product(a, b, 4, 8, 6);
        for (int i = 0; i < expected.length; i++) expected[i] += acc0[i];
        assertClose(expected, acc.toFloatArray(), "acc += a @ b");
    }

    @Test
    void reluInPlaceAndShapeChecks() {
        Tensor x = Tensor.of(new float[] {-1, 2, -3, 4}, 2, 2).to(Device.CPU);
        InPlaceOps.relu(x);
        assertArrayEquals(new float[] {0, 2, 0, 4}, x.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class,
                () -> InPlaceOps.mmInto(Ops.zeros(DType.F32, Device.CPU, 2, 3), Ops.zeros(DType.F32, Device.CPU, 3, 4), Ops.zeros(DType.F32, Device.CPU, 2, 5)));
        assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> InPlaceOps.addmm(Ops.zeros(DType.F32, Device.CPU, 2, 4), Ops.zeros(DType.F32, Device.CPU, 2, 3), Ops.zeros(DType.F32, Device.CPU, 2, 4)));
    }
}
