package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

/**
 * BigGAN-PyTorch's spectral normalisation with one singular value: one power-iteration step
 * from the stored left vector {@code u} gives v and a new u (without gradients), and the
 * weight is divided by sigma = v W^T u^T (with gradients through W). In training the new u
 * is written back into {@code u}; in evaluation it is only used, so evaluation still takes
 * one step from the stored u.
 */
final class SpectralNorm {

    /** BigDatasetGAN builds its SN layers with the generator's SN_eps. */
    static final double EPS = 1e-4;

    private SpectralNorm() {}

    static Tensor normalized(Tensor weight, Tensor u, boolean update) {
        Tensor w = Ops.reshape(weight, weight.size(0), -1);
        Tensor v, next;
        try (var noGrad = Autograd.noGrad()) {
            v = normalize(Ops.mm(u, w));
            next = normalize(Ops.mm(v, Ops.transpose(w, 0, 1)));
            if (update) u.copyFrom(next);
        }
        Tensor sigma = Ops.reshape(Ops.mm(Ops.mm(v, Ops.transpose(w, 0, 1)), Ops.transpose(next, 0, 1)), new long[0]);
        return Ops.div(weight, sigma);
    }

    /** torch.nn.functional.normalize over dim 1: x / max(||x||, eps). */
    private static Tensor normalize(Tensor x) {
        Tensor norm = Ops.sqrt(Ops.sum(Ops.square(x), new long[] {1}, true));
        return Ops.div(x, Ops.clamp(norm, EPS, Double.MAX_VALUE));
    }
}
