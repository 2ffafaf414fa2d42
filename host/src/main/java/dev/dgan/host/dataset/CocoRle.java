package dev.dgan.host.dataset;

import dev.dgan.api.task.LabelMap;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * COCO's run-length encoding of a binary mask, bit for bit as pycocotools' {@code maskApi.c}
 * writes it, so COCO tools read our masks and our strings match theirs.
 * <p>
 * Runs go down columns (Fortran order) and alternate 0s and 1s, starting with 0s (a mask
 * whose first pixel is set begins with a count of 0). The string form stores each count
 * minus the count two before it (from the fourth count on), in 5-bit groups, low group
 * first; 0x20 marks "more groups follow", 0x10 of the last group is the sign, and each group
 * is written as the character 48 + group.
 */
public final class CocoRle {

    /** A mask of {@code height} x {@code width} pixels with its counts in COCO's string form. */
    public record Rle(int height, int width, String counts) {
    }

    private CocoRle() {
    }

    /** {@code mask} is row-major ({@code mask[y * width + x]}). */
    public static Rle encode(boolean[] mask, int height, int width) {
        if (mask.length != (long) height * width) {
            throw new IllegalArgumentException("a " + height + "x" + width + " mask needs " + ((long) height * width) + " pixels, got " + mask.length);
        }
        return encode(height, width, i -> mask[i]);
    }

    /** The pixels of class {@code classId}. */
    public static Rle encode(LabelMap labels, int classId) {
        byte[] ids = labels.labels();
        return encode(labels.height(), labels.width(), i -> (ids[i] & 0xFF) == classId);
    }

    /** {@code set} answers for row-major pixel indices. */
    static Rle encode(int height, int width, IntPredicate set) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("mask size must be positive, got " + height + "x" + width);
        int[] counts = new int[8];
        int n = 0;
        boolean current = false;
        int run = 0;
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                boolean v = set.test(y * width + x);
                if (v != current) {
                    if (n == counts.length) counts = Arrays.copyOf(counts, n * 2);
                    counts[n++] = run;
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        if (n == counts.length) counts = Arrays.copyOf(counts, n + 1);
        counts[n++] = run;
        return new Rle(height, width, rleToString(Arrays.copyOf(counts, n)));
    }

    /** The mask, row-major. */
    public static boolean[] decode(Rle rle) {
        int[] counts = counts(rle);
        boolean[] mask = new boolean[rle.height() * rle.width()];
        int p = 0;
        boolean v = false;
        for (int count : counts) {
            for (int k = 0; k < count; k++, p++) {
                if (v) mask[(p % rle.height()) * rle.width() + p / rle.height()] = true;
            }
            v = !v;
        }
        return mask;
    }

    /** The run lengths of {@code rle}, checked to add up to its pixel count. */
    public static int[] counts(Rle rle) {
        int[] counts = rleFromString(rle.counts());
        long total = 0;
        for (int c : counts) {
            if (c < 0) throw new IllegalArgumentException("RLE " + rle.counts() + " decodes to a negative count " + c);
            total += c;
        }
        if (total != (long) rle.height() * rle.width()) {
            throw new IllegalArgumentException("RLE " + rle.counts() + " covers " + total + " pixels, expected "
                    + rle.height() + "x" + rle.width() + " = " + ((long) rle.height() * rle.width()));
        }
        return counts;
    }

    /** Number of set pixels: the sum of the 1-runs. */
    public static long area(Rle rle) {
        int[] counts = counts(rle);
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) area += counts[i];
        return area;
    }

    /**
     * The tightest box [x, y, w, h] around the set pixels, [0, 0, 0, 0] for an empty mask; the
     * same box pycocotools' {@code rleToBbox} gives (a 1-run that wraps into the next column
     * spans the full height).
     */
    public static int[] bbox(Rle rle) {
        int[] counts = counts(rle);
        int h = rle.height();
        int xs = Integer.MAX_VALUE, ys = Integer.MAX_VALUE, xe = -1, ye = -1;
        long start = 0;
        for (int j = 0; j < counts.length; j++) {
            if (j % 2 == 1 && counts[j] > 0) {
                long last = start + counts[j] - 1;
                int x0 = (int) (start / h), x1 = (int) (last / h);
                xs = Math.min(xs, x0);
                xe = Math.max(xe, x1);
                if (x1 > x0) {
                    ys = 0;
                    ye = h - 1;
                } else {
                    ys = Math.min(ys, (int) (start % h));
                    ye = Math.max(ye, (int) (last % h));
                }
            }
            start += counts[j];
        }
        if (xe < 0) return new int[] {0, 0, 0, 0};
        return new int[] {xs, ys, xe - xs + 1, ye - ys + 1};
    }

    /** pycocotools' {@code rleToString}. */
    public static String rleToString(int[] counts) {
        StringBuilder s = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            int x = counts[i];
            if (i > 2) x -= counts[i - 2];
            boolean more = true;
            while (more) {
                int c = x & 0x1f;
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                s.append((char) (c + 48));
            }
        }
        return s.toString();
    }

    /** pycocotools' {@code rleFrString}. */
    public static int[] rleFromString(String s) {
        int[] counts = new int[Math.max(1, s.length())];
        int m = 0, p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) throw new IllegalArgumentException("RLE string " + s + " ends inside a count");
                int c = s.charAt(p) - 48;
                if (c < 0 || c > 0x3f) throw new IllegalArgumentException("RLE string " + s + " has a character '" + s.charAt(p)
                        + "' outside '0'..'o'");
                if (k > 6) throw new IllegalArgumentException("RLE string " + s + " has a count too long for a mask");
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (m > 2) x += counts[m - 2];
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) throw new IllegalArgumentException("RLE string " + s + " has a count out of range");
            counts[m++] = (int) x;
        }
        return Arrays.copyOf(counts, m);
    }
}
