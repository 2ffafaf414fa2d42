package dev.dgan.api.sampling;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}: MT19937 seeded with an integer and the
 * polar Gauss method of {@code randn}. The published GAN tools draw latents this way
 * ({@code RandomState(seed).randn(1, z_dim)}), so matching it bit for bit lets a user
 * reproduce a sample they saw elsewhere from its seed.
 */
public final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;
    private boolean hasGauss;
    private double gauss;

    /** {@code RandomState(seed)}; numpy accepts seeds in [0, 2^32). */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be in [0, 2^32), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** One 32-bit output of the Mersenne Twister, as an unsigned value. */
    long nextInt32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7fff_ffff);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? next ^ 0x9908b0df : next;
        }
        index = 0;
    }

    /** {@code random_sample()}: a double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        long a = nextInt32() >>> 5;
        long b = nextInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** One standard normal value, exactly as {@code legacy_gauss}. */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code randn(n)} as numpy computes it (float64), rounded to float32 as the tools do. */
    public float[] randnFloat(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) nextGaussian();
        return out;
    }

    /** {@code RandomState(seed).randn(n).astype(float32)}. */
    public static float[] randn(long seed, int n) {
        return new NumpyRandomState(seed).randnFloat(n);
    }
}
