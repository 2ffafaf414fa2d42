package dev.dgan.runtime;

/** Parity measures shared by the runtime's and the plugins' tests. */
public final class Differences {

    private Differences() {
    }

    /** max |expected - actual| over all elements, in double; infinite if either holds a NaN where the other does not. */
    public static double maxAbs(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("length " + expected.length + " vs " + actual.length);
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
            max = Math.max(max, d);
        }
        return max;
    }

    /**
     * max |expected - actual| measured against {@code atol + rtol * max|expected|}: at most 1 when
     * every element is within that tolerance. Float32 rounding in a convolution's sums scales
     * with the size of the terms summed, which the tensor's largest value stands for, not with
     * the one output element (a small output can be the difference of large terms).
     */
    public static double worstAgainstScale(float[] expected, float[] actual, double atol, double rtol) {
        double scale = 0;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        return maxAbs(expected, actual) / (atol + rtol * scale);
    }
}
