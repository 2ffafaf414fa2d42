package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded sampling: reproducibility, PyTorch's stream for a known seed, distribution moments. */
class GeneratorTest {

    private static float[] randn(long seed, long... shape) {
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(seed)) {
            return Ops.randn(g, DType.F32, Device.CPU, shape).toFloatArray();
        }
    }

    @Test
    void seed42MatchesTorchManualSeed42Randn4() {
        // torch.manual_seed(42); torch.randn(4)
        float[] expected = {0.33669037f, 0.1288094f, 0.23446237f, 0.23033303f};
        float[] actual = randn(42, 4);
        assertEquals(4, actual.length);
        for (int i = 0; i < 4; i++) assertEquals(expected[i], actual[i], 1e-7, "element " + i);
    }

    @Test
    void sameSeedSameSamplesDifferentSeedDifferentSamples() {
        float[] a = randn(1234, 3, 50);
        float[] b = randn(1234, 3, 50);
        float[] c = randn(1235, 3, 50);
        assertArrayEquals(a, b);
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == c[i]) same++;
        assertTrue(same < 3, same + " of " + a.length + " samples coincide across seeds");
    }

    @Test
    void successiveDrawsAdvanceTheGenerator() {
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(7)) {
            float[] first = Ops.randn(g, DType.F32, Device.CPU, 20).toFloatArray();
            float[] second = Ops.randn(g, DType.F32, Device.CPU, 20).toFloatArray();
            assertFalse(java.util.Arrays.equals(first, second));
            assertArrayEquals(first, randn(7, 20), "a fresh generator with the same seed restarts the stream");
            assertEquals(7, g.seed());
        }
    }

    @Test
    void normalSampleStatistics() {
        int n = 100_000;
        double mean = 3.0, std = 2.0;
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(99)) {
            Tensor t = Ops.normal(g, mean, std, DType.F32, Device.CPU, 250, 400);
            assertArrayEquals(new long[] {250, 400}, t.shape());
            float[] v = t.toFloatArray();
            double sum = 0, sumSq = 0;
            int within1 = 0;
            for (float x : v) {
                sum += x;
                sumSq += x * (double) x;
                if (Math.abs(x - mean) < std) within1++;
            }
            double m = sum / n, sd = Math.sqrt(sumSq / n - m * m);
            // standard error of the mean is 2/316 = 0.0063; of the std about 0.0045
            assertEquals(mean, m, 0.04, "sample mean");
            assertEquals(std, sd, 0.04, "sample std");
            assertEquals(0.6827, within1 / (double) n, 0.01, "fraction within one std");

            Tensor d = Ops.normal(g, -1, 0.5, DType.F64, Device.CPU, n);
            assertEquals(DType.F64, d.dtype());
            assertEquals(-1, Ops.mean(d).item(), 0.01);
            Tensor zero = Ops.normal(g, 4, 0, DType.F32, Device.CPU, 5);
            assertArrayEquals(new float[] {4, 4, 4, 4, 4}, zero.toFloatArray());
        }
    }

    @Test
    void uniformDrawsStayInRangeAreFlatAndRepeatPerSeed() {
        int n = 100_000;
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(3); Generator again = Generator.seeded(3)) {
            float[] v = Ops.uniform(g, -0.25, 0.75, DType.F32, Device.CPU, n).toFloatArray();
            int[] quarters = new int[4];
            double sum = 0;
            for (float x : v) {
                assertTrue(x >= -0.25f && x < 0.75f, "draw " + x + " outside [-0.25, 0.75)");
                quarters[(int) ((x + 0.25) * 4)]++;
                sum += x;
            }
            assertEquals(0.25, sum / n, 0.005, "mean");
            for (int q : quarters) assertEquals(0.25, q / (double) n, 0.01, "each quarter of the range");
            assertArrayEquals(v, Ops.uniform(again, -0.25, 0.75, DType.F32, Device.CPU, n).toFloatArray());
            Tensor gt = Ops.gt(Tensor.of(new float[] {-1, 0, 2}, 3), Ops.zeros(DType.F32, Device.CPU));
            assertArrayEquals(new float[] {0, 0, 1}, Ops.toCopy(gt, DType.F32, null).toFloatArray());
        }
        try (Generator g = Generator.seeded(1)) {
            long live = Tensor.liveCount();
            assertThrows(IllegalArgumentException.class, () -> Ops.uniform(g, 1, 0, DType.F32, Device.CPU, 3));
            assertEquals(live, Tensor.liveCount());
        }
    }

    @Test
    void normalRejectsNegativeOrNaNStdAndClosedGenerator() {
        try (Generator g = Generator.seeded(1)) {
            long live = Tensor.liveCount();
            assertThrows(IllegalArgumentException.class, () -> Ops.normal(g, 0, -1, DType.F32, Device.CPU, 3));
            assertThrows(IllegalArgumentException.class, () -> Ops.normal(g, 0, Double.NaN, DType.F32, Device.CPU, 3));
            assertEquals(live, Tensor.liveCount());
        }
        Generator closed = Generator.seeded(2);
        closed.close();
        closed.close(); // idempotent
        long live = Tensor.liveCount();
        assertThrows(IllegalStateException.class, () -> Ops.randn(closed, DType.F32, Device.CPU, 3));
        assertEquals(live, Tensor.liveCount(), "the tensor allocated for the samples is freed on failure");
    }

    @Test
    void normalInPlaceFillsAnExistingTensor() {
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(42)) {
            Tensor t = Tensor.empty(DType.F32, Device.CPU, 4);
            Ops.normal_(t, g, 0, 1);
            assertArrayEquals(randn(42, 4), t.toFloatArray());
        }
    }
}
