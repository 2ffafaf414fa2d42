package dev.dgan.tasks.uncertainty;

import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a per-pixel uncertainty map into one number per image: the mean of the most
 * uncertain {@code fraction} of pixels (DatasetGAN: the top 10%), or the sum of all pixels.
 */
public sealed interface ImageScore permits ImageScore.TopMean, ImageScore.Sum {

    double score(float[] map);

    /** Text form, as options carry it: "top:0.1" or "sum". */
    String spec();

    ImageScore DEFAULT = new TopMean(0.1);

    record TopMean(double fraction) implements ImageScore {
        public TopMean {
            if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("score fraction must be in (0, 1], got " + fraction);
        }

        @Override
        public double score(float[] map) {
            if (map.length == 0) return 0;
            int k = Math.max(1, (int) Math.ceil(fraction * map.length - 1e-9));
            float[] sorted = map.clone();
            Arrays.sort(sorted);
            double sum = 0;
            for (int i = sorted.length - k; i < sorted.length; i++) sum += sorted[i];
            return sum / k;
        }

        @Override
        public String spec() {
            return "top:" + fraction;
        }
    }

    record Sum() implements ImageScore {
        @Override
        public double score(float[] map) {
            double sum = 0;
            for (float v : map) sum += v;
            return sum;
        }

        @Override
        public String spec() {
            return "sum";
        }
    }

    /** Parses "top" (10%), "top:F" or "sum". */
    public static ImageScore parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("sum")) return new Sum();
        if (t.equals("top")) return DEFAULT;
        if (t.startsWith("top:")) {
            try {
                return new TopMean(Double.parseDouble(t.substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("score: expected top:FRACTION, got '" + s + "'");
            }
        }
        throw new IllegalArgumentException("score: expected 'top', 'top:FRACTION' or 'sum', got '" + s + "'");
    }
}
