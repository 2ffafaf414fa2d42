package dev.dgan.runtime.safetensors;

/** Shape arithmetic shared by reader and writer. */
final class Shapes {
    private Shapes() {
    }

    /** Product of the dimensions (1 for a scalar); throws ArithmeticException on overflow. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
