package dev.dgan.host.demo;

/**
 * The rule's white and black: eye whites and pupils. The background's grey test excludes
 * them (step 2) and the eye seeds are exactly them (step 6), so both read the same thresholds.
 */
final class WhiteAndBlack {

    /** A pixel whose smallest channel is at least this is white. */
    static final int T_WHITE = 190;
    /** A pixel whose largest channel is at most this is black. */
    static final int T_BLACK = 60;

    private WhiteAndBlack() {
    }

    static boolean isWhite(RgbPixels image, int pixel) {
        return image.min(pixel) >= T_WHITE;
    }

    static boolean isBlack(RgbPixels image, int pixel) {
        return image.max(pixel) <= T_BLACK;
    }
}
