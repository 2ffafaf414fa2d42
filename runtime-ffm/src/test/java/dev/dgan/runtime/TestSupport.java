package dev.dgan.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Random inputs, float comparisons and process statistics shared by the runtime tests. */
final class TestSupport {

    /** float32 tolerance: |actual - expected| <= ATOL + RTOL * |expected|. */
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-5;

    private TestSupport() {}

    /** Standard-normal-ish floats from a seeded java.util.Random, scaled. */
    static float[] randn(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * scale);
        return v;
    }

    static float[] randn(Random r, int n) {
        return randn(r, n, 1.0);
    }

    /** Uniform floats in [lo, hi). */
    static float[] uniform(Random r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    /** f applied to every element, in double precision. */
    static double[] map(float[] x, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.applyAsDouble(x[i]);
        return y;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        assertClose(expected, actual, RTOL, ATOL, what);
    }

    static void assertClose(double[] expected, float[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? e == a
                    : Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (|diff| " + Math.abs(a - e)
                        + ")\nexpected " + abbreviate(expected) + "\nactual   " + abbreviate(toDouble(actual)));
            }
        }
    }

    static void assertClose(double expected, double actual, String what) {
        assertClose(new double[] {expected}, new float[] {(float) actual}, what);
    }

    /** Values and shape of a float tensor. */
    static void assertTensor(double[] expected, long[] shape, Tensor t, String what) {
        assertArrayEquals(shape, t.shape(), what + ": shape");
        assertClose(expected, t.toFloatArray(), what);
    }

    private static String abbreviate(double[] v) {
        return v.length <= 32 ? Arrays.toString(v) : Arrays.toString(Arrays.copyOf(v, 32)) + "...";
    }

    /** Resident set size of this process in KiB, from /proc/self/status. */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("/proc/self/status has no VmRSS line");
    }
}
