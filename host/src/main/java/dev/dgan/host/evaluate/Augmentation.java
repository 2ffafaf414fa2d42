package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;

import java.util.SplittableRandom;

/**
 * Random horizontal flip and isotropic scaling about the image centre, drawn from a seeded
 * source so a training run is reproducible. The image is resampled bilinearly with its edge
 * pixels extended; labels by nearest neighbour, and pixels that come from outside the source
 * image are void, so the network is never taught a label nobody gave.
 */
public record Augmentation(boolean flip, double minScale, double maxScale) {

    public static final Augmentation NONE = new Augmentation(false, 1, 1);
    public static final Augmentation DEFAULT = new Augmentation(true, 0.8, 1.25);

    public Augmentation {
        if (!(minScale > 0) || !(maxScale >= minScale))
            throw new IllegalArgumentException("augmentation scale range must satisfy 0 < min <= max, got " + minScale + ".." + maxScale);
    }

    public LabeledImage apply(LabeledImage in, SplittableRandom random) {
        boolean mirror = flip && random.nextBoolean();
        double scale = minScale == maxScale ? minScale : Math.exp(random.nextDouble(Math.log(minScale), Math.log(maxScale)));
        if (!mirror && scale == 1) return in;
        int w = in.width(), h = in.height();
        byte[] src = in.rgb(), srcLabels = in.labels().labels();
        byte[] rgb = new byte[src.length], labels = new byte[srcLabels.length];
        double cx = w / 2.0, cy = h / 2.0;
        for (int y = 0; y < h; y++) {
            double sy = (y + 0.5 - cy) / scale + cy - 0.5;
            for (int x = 0; x < w; x++) {
                int xo = mirror ? w - 1 - x : x;
                double sx = (xo + 0.5 - cx) / scale + cx - 0.5;
                int o = y * w + x;
                int nx = (int) Math.round(sx), ny = (int) Math.round(sy);
                labels[o] = nx < 0 || ny < 0 || nx >= w || ny >= h ? (byte) LabelMap.VOID : srcLabels[ny * w + nx];
                bilinear(src, w, h, sx, sy, rgb, 3 * o);
            }
        }
        return new LabeledImage(in.name(), rgb, new LabelMap(w, h, labels));
    }

    private static void bilinear(byte[] src, int w, int h, double sx, double sy, byte[] out, int at) {
        double fx = Math.clamp(sx, 0, w - 1), fy = Math.clamp(sy, 0, h - 1);
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double ax = fx - x0, ay = fy - y0;
        for (int c = 0; c < 3; c++) {
            double v = (1 - ay) * ((1 - ax) * px(src, w, x0, y0, c) + ax * px(src, w, x1, y0, c))
                    + ay * ((1 - ax) * px(src, w, x0, y1, c) + ax * px(src, w, x1, y1, c));
            out[at + c] = (byte) (int) Math.round(v);
        }
    }

    private static int px(byte[] src, int w, int x, int y, int c) {
        return src[3 * (y * w + x) + c] & 0xFF;
    }
}
