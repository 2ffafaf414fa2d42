package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * FIR up-sampling as in the reference's upfirdn2d: insert zeros, pad (or crop), then filter
 * each channel with the 2-D filter. Filters are the stored {@code resample_filter} buffers
 * (normalised to sum 1); a 1-D (separable) one is turned into its outer product.
 */
final class Resample {

    private Resample() {}

    /** The 2-D form of a stored filter: itself when 2-D, the outer product f f^T when 1-D. */
    static Tensor filter2d(Tensor f) {
        if (f.dim() == 2) return f.share();
        try (Tensor col = Ops.unsqueeze(f, 1); Tensor row = Ops.unsqueeze(f, 0)) {
            return Ops.mul(col, row);
        }
    }

    /**
     * Up-samples x [N, C, H, W] by {@code up} (zero insertion), pads by (x0, x1, y0, y1) (negative
     * crops), then convolves every channel with {@code f} (2-D) times {@code gain}. As the
     * reference, this is a true convolution: the filter is flipped before the correlation.
     */
    static Tensor upfirdn2d(Tensor x, Tensor f, int up, int padX0, int padX1, int padY0, int padY1, double gain) {
        try (TensorScope s = TensorScope.open()) {
            long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
            Tensor y = x;
            if (up > 1) {
                Tensor r = Ops.reshape(y, n, c, h, 1, w, 1);
                Tensor p = Ops.pad(r, new long[] {0, up - 1, 0, 0, 0, up - 1}, 0.0);
                y = Ops.reshape(p, n, c, h * up, w * up);
            }
            y = Ops.pad(y, new long[] {Math.max(padX0, 0), Math.max(padX1, 0), Math.max(padY0, 0), Math.max(padY1, 0)}, 0.0);
            if (padY0 < 0 || padY1 < 0) y = Ops.narrow(y, 2, -Math.min(padY0, 0), y.size(2) + Math.min(padY0, 0) + Math.min(padY1, 0));
            if (padX0 < 0 || padX1 < 0) y = Ops.narrow(y, 3, -Math.min(padX0, 0), y.size(3) + Math.min(padX0, 0) + Math.min(padX1, 0));
            Tensor kernel = Ops.mul(Ops.flip(f, 0, 1), gain);
            long fh = f.size(0), fw = f.size(1);
            Tensor weight = Ops.contiguous(Ops.expand(Ops.reshape(kernel, 1, 1, fh, fw), c, 1, fh, fw));
            Tensor out = NN.conv2d(y, weight, null, new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, c);
            return s.keep(out);
        }
    }

    /** The reference's upsample2d: x2 with the output exactly twice the input, gain up^2. */
    static Tensor upsample2d(Tensor x, Tensor f) {
        int fw = (int) f.size(1), fh = (int) f.size(0), up = 2;
        return upfirdn2d(x, f, up, (fw + up - 1) / 2, (fw - up) / 2, (fh + up - 1) / 2, (fh - up) / 2, up * up);
    }
}
