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
}
