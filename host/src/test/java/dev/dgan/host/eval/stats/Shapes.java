package dev.dgan.host.eval.stats;

import dev.dgan.api.task.LabelMap;

/** Test shapes, defined in integers so that the same pixels come out of numpy for the OpenCV cross-check. */
final class Shapes {

    private Shapes() {
    }

    /** A digital disc: (x - c)^2 + (y - c)^2 <= r^2 in a (2r + 9) square image, c = (2r + 9) / 2 rounded down. */
    static Mask disc(int r) {
        int size = 2 * r + 9, c = size / 2;
        boolean[] inside = new boolean[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) inside[y * size + x] = (x - c) * (x - c) + (y - c) * (y - c) <= r * r;
        return new Mask(0, 0, size, size, inside);
    }

    /** A label map from rows of characters: '.' background (0), '1'..'9' that class, 'v' void. */
    static LabelMap labels(String... rows) {
        int w = rows[0].length(), h = rows.length;
        byte[] ids = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                char ch = rows[y].charAt(x);
                ids[y * w + x] = (byte) (ch == '.' ? 0 : ch == 'v' ? LabelMap.VOID : ch - '0');
            }
        }
        return new LabelMap(w, h, ids);
    }


    static double[][] points(Polygon p) {
        double[][] out = new double[p.size()][];
        for (int i = 0; i < p.size(); i++) out[i] = new double[] {p.x()[i], p.y()[i]};
        return out;
    }

    static int[][] pixels(Polygon p) {
        int[][] out = new int[p.size()][];
        for (int i = 0; i < p.size(); i++) out[i] = new int[] {(int) p.x()[i], (int) p.y()[i]};
        return out;
    }
}
