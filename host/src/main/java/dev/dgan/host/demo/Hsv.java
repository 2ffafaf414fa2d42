package dev.dgan.host.demo;

/**
 * Hue, saturation and value in [0, 1], computed as Python's {@code colorsys.rgb_to_hsv} computes
 * them on {@code r / 255, g / 255, b / 255} in doubles. The same operations in the same order
 * keep the thresholds of the rule (S > 0.5, V > 0.5) bit-for-bit where the reference tool put them.
 * matplotlib's {@code rgb_to_hsv} differs only in which channel wins a tie for the maximum, which
 * moves a hue by rounding at most; the demo masks come out the same under either.
 */
record Hsv(double hue, double saturation, double value) {

    static Hsv of(int red, int green, int blue) {
        double r = red / 255.0, g = green / 255.0, b = blue / 255.0;
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        if (min == max) return new Hsv(0.0, 0.0, max);
        double range = max - min;
        double rc = (max - r) / range, gc = (max - g) / range, bc = (max - b) / range;
        // colorsys checks red, then green: a tie for the maximum takes the first of them
        double h = r == max ? bc - gc : g == max ? 2.0 + rc - bc : 4.0 + gc - rc;
        return new Hsv(floorMod1(h / 6.0), range / max, max);
    }

    /** Distance between two hues on the colour circle, in [0, 0.5]. */
    double hueDistance(Hsv other) {
        double d = Math.abs(hue - other.hue);
        return Math.min(d, 1.0 - d);
    }

    /** Python's {@code x % 1.0}: the result takes the sign of the divisor, so it lies in [0, 1). */
    private static double floorMod1(double x) {
        double m = x % 1.0;
        return m < 0 ? m + 1.0 : m == 0 ? 0.0 : m;
    }
}
