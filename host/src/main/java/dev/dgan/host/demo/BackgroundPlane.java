package dev.dgan.host.demo;

/**
 * Rule steps 1 and 2: which pixels look like background. A plane {@code a + b*p + c*q} per
 * channel is fitted by least squares to the border pixels, where {@code p = 2*column - (W-1)}
 * and {@code q = 2*row - (H-1)} are centred doubled coordinates; a pixel close to that plane,
 * or a grey that is neither white nor black, is background-like.
 *
 * <p>Everything is integer arithmetic: the border is symmetric about the centre, so the sums of
 * {@code p}, {@code q} and {@code p*q} over it vanish and the fit has a closed form. Instead of
 * dividing, the residual is scaled by {@code M = n*Kp*Kq} (n border pixels, {@code Kp, Kq} the
 * border sums of {@code p*p} and {@code q*q}) and compared against {@code T_BG*M}, so the test
 * is exact. The products are checked for overflow; a 32 x 32 image uses about 2^50 of the 2^63
 * a long holds.
 */
final class BackgroundPlane {

    /** Largest L1 distance (0..765 scale) from the border plane that still counts as background. */
    static final long T_BG = 48;
    /** Largest chroma of a grey background pixel. */
    static final int T_BGC = 50;

    private BackgroundPlane() {
    }

    static boolean[] backgroundLike(RgbPixels image) {
        int width = image.width(), height = image.height();
        long n = 0, kp = 0, kq = 0;
        long[] s0 = new long[3], sp = new long[3], sq = new long[3];
        for (int row = 0; row < height; row++) {
            for (int column = 0; column < width; column++) {
                if (!onBorder(row, column, width, height)) continue;
                long p = p(column, width), q = q(row, height);
                int pixel = row * width + column;
                n++;
                kp += p * p;
                kq += q * q;
                for (int c = 0; c < 3; c++) {
                    long x = image.channel(pixel, c);
                    s0[c] += x;
                    sp[c] += p * x;
                    sq[c] += q * x;
                }
            }
        }
        long m = Math.multiplyExact(Math.multiplyExact(n, kp), kq);
        long threshold = Math.multiplyExact(T_BG, m);
        // the plane's terms that do not depend on the pixel, each already scaled by M
        long[] offset = new long[3], slopeP = new long[3], slopeQ = new long[3];
        for (int c = 0; c < 3; c++) {
            offset[c] = Math.multiplyExact(Math.multiplyExact(kp, kq), s0[c]);
            slopeP[c] = Math.multiplyExact(Math.multiplyExact(n, kq), sp[c]);
            slopeQ[c] = Math.multiplyExact(Math.multiplyExact(n, kp), sq[c]);
        }

        boolean[] background = new boolean[image.pixels()];
        for (int row = 0; row < height; row++) {
            long q = q(row, height);
            for (int column = 0; column < width; column++) {
                long p = p(column, width);
                int pixel = row * width + column;
                long distance = 0;
                for (int c = 0; c < 3; c++) {
                    long plane = Math.addExact(offset[c],
                            Math.addExact(Math.multiplyExact(slopeP[c], p), Math.multiplyExact(slopeQ[c], q)));
                    long residual = Math.subtractExact(Math.multiplyExact(m, image.channel(pixel, c)), plane);
                    distance = Math.addExact(distance, Math.abs(residual));
                }
                background[pixel] = distance <= threshold || isMidGrey(image, pixel);
            }
        }
        return background;
    }

    /**
     * The grey test: catches the blotchy, non-planar backgrounds of GAN samples. White and black
     * are left out, since they are the eyes.
     */
    private static boolean isMidGrey(RgbPixels image, int pixel) {
        return image.chroma(pixel) <= T_BGC && !WhiteAndBlack.isWhite(image, pixel) && !WhiteAndBlack.isBlack(image, pixel);
    }

    static boolean onBorder(int row, int column, int width, int height) {
        return row == 0 || row == height - 1 || column == 0 || column == width - 1;
    }

    private static long p(int column, int width) {
        return 2L * column - (width - 1);
    }

    private static long q(int row, int height) {
        return 2L * row - (height - 1);
    }
}
