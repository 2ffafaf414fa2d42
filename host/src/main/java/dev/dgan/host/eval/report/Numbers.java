package dev.dgan.host.eval.report;

import java.util.Locale;

/** Numbers as the report pictures print them; Locale.ROOT so a report reads the same everywhere. */
final class Numbers {

    private Numbers() {
    }

    /** A share in [0, 1] as a percentage with {@code decimals} places; NaN as "n/a". */
    static String percent(double share, int decimals) {
        if (Double.isNaN(share)) return "n/a";
        return String.format(Locale.ROOT, "%." + decimals + "f%%", share * 100);
    }

    /** 1234567 as "1,234,567". */
    static String grouped(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** A count in at most four characters or so: 950, 1.2k, 34k, 5.6M, 7.8G. */
    static String compact(long count) {
        if (count < 1000) return Long.toString(count);
        String[] units = {"k", "M", "G", "T"};
        double value = count;
        int unit = -1;
        while (value >= 999.5 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return (value < 9.95 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value))
                + units[unit];
    }

    /**
     * A row share as a cell prints it: no decimals in small cells, never "100" unless the whole
     * row is there and never "0" for pixels that exist, because rounding must not hide the one
     * difference a reader looks for (perfect or not, none or some).
     */
    static String cellPercent(long count, long rowTotal, int decimals, boolean sign) {
        double percent = 100.0 * count / rowTotal;
        double step = Math.pow(10, -decimals);
        String text;
        if (count == rowTotal) text = decimals == 0 ? "100" : String.format(Locale.ROOT, "%." + decimals + "f", 100.0);
        else if (percent < step / 2) text = "<" + (decimals == 0 ? "1" : String.format(Locale.ROOT, "%." + decimals + "f", step));
        else text = String.format(Locale.ROOT, "%." + decimals + "f", Math.min(percent, 100 - step));
        return sign ? text + "%" : text;
    }
}
