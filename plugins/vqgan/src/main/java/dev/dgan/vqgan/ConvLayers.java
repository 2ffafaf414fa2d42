package dev.dgan.vqgan;

import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * The building blocks shared by taming's Encoder and Decoder ({@code diffusionmodules/model.py}),
 * evaluated on weights by state-dict name. Eval mode: dropout is the identity and there is no
 * timestep embedding.
 */
final class ConvLayers {

    private final Weights w;

    ConvLayers(Weights w) {
        this.w = w;
    }

    /** {@code Normalize}: GroupNorm(32 groups, eps 1e-6, affine). */
    Tensor norm(String p, Tensor x) {
        return NN.groupNorm(x, VqConfig.NORM_GROUPS, w.get(p + ".weight"), w.get(p + ".bias"), VqConfig.NORM_EPS);
    }

    /** {@code nonlinearity}: x * sigmoid(x). */
    static Tensor swish(Tensor x) {
        return NN.silu(x);
    }

    Tensor conv(String p, Tensor x, int stride, int padding) {
        return NN.conv2d(x, w.get(p + ".weight"), w.get(p + ".bias"), stride, padding);
    }

    /** norm1, swish, conv1, norm2, swish, conv2, plus x (through the 1x1 nin_shortcut when channels change). */
    Tensor resnet(String p, Tensor x, boolean shortcut) {
        try (TensorScope s = TensorScope.open()) {
            Tensor h = conv(p + ".conv1", swish(norm(p + ".norm1", x)), 1, 1);
            h = conv(p + ".conv2", swish(norm(p + ".norm2", h)), 1, 1);
            Tensor skip = shortcut ? conv(p + ".nin_shortcut", x, 1, 0) : x;
            return s.keep(Ops.add(skip, h));
        }
    }

    /**
     * Single-head spatial self-attention: q, k, v 1x1 convs of the normalised input,
     * {@code softmax(q^T k * c^-1/2)} over keys, {@code x + proj_out(v w^T)}.
     */
    Tensor attn(String p, Tensor x) {
        long b = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        try (TensorScope s = TensorScope.open()) {
            Tensor hn = norm(p + ".norm", x);
            Tensor q = Ops.permute(Ops.reshape(conv(p + ".q", hn, 1, 0), b, c, h * wd), 0, 2, 1);
            Tensor k = Ops.reshape(conv(p + ".k", hn, 1, 0), b, c, h * wd);
            Tensor v = Ops.reshape(conv(p + ".v", hn, 1, 0), b, c, h * wd);
            // the reference scales by int(c)**-0.5 after the product
            Tensor att = NN.softmax(Ops.mul(Ops.bmm(q, k), Math.pow(c, -0.5)), 2);
            Tensor out = Ops.reshape(Ops.bmm(v, Ops.permute(att, 0, 2, 1)), b, c, h, wd);
            return s.keep(Ops.add(x, conv(p + ".proj_out", out, 1, 0)));
        }
    }

    /** Nearest x2 then a 3x3 conv (padding 1). */
    Tensor upsample(String p, Tensor x) {
        try (TensorScope s = TensorScope.open()) {
            Tensor up = NN.upsampleNearest(x, x.size(2) * 2, x.size(3) * 2);
            return s.keep(conv(p + ".conv", up, 1, 1));
        }
    }

    /** One zero column right and one zero row below, then a 3x3 conv with stride 2 and no padding. */
    Tensor downsample(String p, Tensor x) {
        try (TensorScope s = TensorScope.open()) {
            Tensor padded = Ops.pad(x, new long[] {0, 1, 0, 1}, 0.0);
            return s.keep(conv(p + ".conv", padded, 2, 0));
        }
    }
}
