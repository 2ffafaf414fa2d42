package dev.dgan.host.eval.report;

import java.awt.Color;

/**
 * Shares in [0, 1] as a white-to-dark-blue ramp. The stops are ColorBrewer's "Blues" with the
 * lightest made pure white, so an empty cell looks empty. Interpolating between several stops
 * rather than straight from white to navy keeps the middle blue instead of a muddy grey-blue,
 * and so keeps 30 % and 60 % apart at a glance.
 */
public final class HeatColors {

    private static final int[] STOPS = {
            0xFFFFFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B};

    /** The colour of share 0. */
    public static final Color EMPTY = new Color(STOPS[0]);
    /** The colour of share 1, the darkest. */
    public static final Color FULL = new Color(STOPS[STOPS.length - 1]);

    private HeatColors() {
    }

    /** The colour of {@code share}, clamped into [0, 1]; NaN counts as 0 (nothing to show). */
    public static Color of(double share) {
        double s = Double.isNaN(share) ? 0 : Math.clamp(share, 0.0, 1.0);
        double position = s * (STOPS.length - 1);
        int low = Math.min((int) position, STOPS.length - 2);
        double t = position - low;
        int a = STOPS[low], b = STOPS[low + 1];
        return new Color(mix(a >> 16, b >> 16, t), mix(a >> 8, b >> 8, t), mix(a, b, t));
    }

    private static int mix(int a, int b, double t) {
        int x = a & 0xFF, y = b & 0xFF;
        return (int) Math.round(x + (y - x) * t);
    }
}
