package dev.dgan.biggan;

import dev.dgan.api.sampling.NumpyRandomState;

/**
 * Standard normal truncated to [{@code a}, {@code b}], drawn as scipy's
 * {@code truncnorm.rvs(a, b, size=n, random_state=np.random.RandomState(seed))} draws it: one
 * {@code random_sample()} uniform {@code q} per value, mapped through the inverse CDF
 * {@code x = Phi^-1(Phi(a) + q * (Phi(b) - Phi(a)))}. scipy evaluates that expression in log
 * space with its own special functions; here Phi is a power series (exact to a few ulp for
 * |x| <= 6) and the inverse is found by safeguarded Newton steps, so the doubles agree with
 * scipy's to about 1e-15 and their float32 roundings, which is what BigGAN consumes, agree
 * except in the rare case of a value within that distance of a float32 rounding boundary.
 */
public final class TruncatedNormal {

    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double LIMIT = 6;

    private TruncatedNormal() {
    }

    /** {@code n} draws from {@code RandomState(seed)}, truncated to [a, b], in float64. */
    public static double[] draw(long seed, int n, double a, double b) {
        if (!(a < b) || Math.abs(a) > LIMIT || Math.abs(b) > LIMIT) {
            throw new IllegalArgumentException("truncation bounds must satisfy -" + LIMIT + " <= a < b <= " + LIMIT
                    + ", got [" + a + ", " + b + "]");
        }
        NumpyRandomState rs = new NumpyRandomState(seed);
        double pa = cdf(a), pb = cdf(b);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double q = rs.nextDouble();
            out[i] = inverse(pa + q * (pb - pa), a, b);
        }
        return out;
    }

    /**
     * BigGAN's {@code truncated_noise_sample(dim_z=n, truncation=t, seed)} for one sample:
     * {@code truncnorm.rvs(-2, 2, size=(1, n), random_state=RandomState(seed)).astype(float32)}
     * times {@code t}, which numpy multiplies in float32 (the Python float is rounded to float32 first).
     */
    public static float[] noiseSample(long seed, int n, double truncation) {
        double[] x = draw(seed, n, -2, 2);
        float t = (float) truncation;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) x[i] * t;
        return f;
    }

    /** Standard normal CDF, Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/15 + ...), mirrored for x > 0. */
    static double cdf(double x) {
        if (x > 0) return 1 - cdf(-x);
        double x2 = x * x;
        double term = x, sum = x;
        for (int k = 1; k < 500; k++) {
            term *= x2 / (2 * k + 1);
            double next = sum + term;
            if (next == sum) break;
            sum = next;
        }
        return 0.5 + sum * INV_SQRT_2PI * Math.exp(-0.5 * x2);
    }

    /** x in [a, b] with Phi(x) = p, by Newton steps kept inside a shrinking bracket. */
    static double inverse(double p, double a, double b) {
        double lo = a, hi = b;
        double x = Math.min(Math.max(0, a), b);
        for (int i = 0; i < 200; i++) {
            double f = cdf(x) - p;
            if (f == 0) return x;
            if (f < 0) lo = x; else hi = x;
            double d = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            double next = x - f / d;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (next == x || hi - lo <= Math.ulp(x)) return next;
            x = next;
        }
        return x;
    }
}
