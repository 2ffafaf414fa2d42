package dev.dgan.tasks.mlp;

/**
 * Source rows and weights of bilinear upsampling with align_corners=False, computed as
 * libtorch's CPU kernel does: in float, source = max(scale * (y + 0.5) - 0.5, 0) with
 * scale = in / out, the upper row clamped to the last one.
 */
final class Bilinear {

    private Bilinear() {}

    static void sourceRows(int in, int out, int y0, int n, long[] lo, long[] hi, float[] wLo, float[] wHi) {
        float scale = (float) in / out;
        for (int i = 0; i < n; i++) {
            float src = Math.max(scale * (y0 + i + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            int i1 = i0 + (i0 < in - 1 ? 1 : 0);
            float lambda = Math.min(Math.max(src - i0, 0f), 1f);
            lo[i] = i0;
            hi[i] = i1;
            wLo[i] = 1f - lambda;
            wHi[i] = lambda;
        }
    }
}
