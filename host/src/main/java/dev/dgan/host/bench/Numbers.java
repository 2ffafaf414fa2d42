package dev.dgan.host.bench;

import java.util.Locale;

/** How the comparison tables write numbers: about four significant digits, percentages signed, "-" for none. */
final class Numbers {

    private Numbers() {}

    static String value(double v) {
        if (Double.isNaN(v)) return "-";
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a == 0 ? "%.0f" : "%.3g";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String change(double pct) {
        return Double.isNaN(pct) ? "-" : Double.isInfinite(pct) ? (pct > 0 ? "+inf%" : "-inf%") : String.format(Locale.ROOT, "%+.1f%%", pct);
    }

    static String percent(double pct) {
        return Double.isNaN(pct) ? "-" : String.format(Locale.ROOT, "%.0f%%", pct);
    }

    static String noise(double pct) {
        return Double.isNaN(pct) ? "-" : String.format(Locale.ROOT, "±%.1f%%", pct);
    }

    /** The threshold as the user gave it: 10%, 7.5%. */
    static String threshold(double pct) {
        return java.math.BigDecimal.valueOf(pct).stripTrailingZeros().toPlainString() + "%";
    }
}
