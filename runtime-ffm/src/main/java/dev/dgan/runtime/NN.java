package dev.dgan.runtime;

import java.util.Arrays;

/** Neural-network layers, activations and losses over libtorch's ATen ops. */
public final class NN {

    private NN() {}

    // ----- layers -----------------------------------------------------------------------

    /** x @ weight^T + bias; x [..., in], weight [out, in], bias [out] or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        long[] sx = x.shape(), sw = weight.shape();
        if (sw.length != 2 || sx.length == 0 || sx[sx.length - 1] != sw[1]) {
            throw new IllegalArgumentException("linear: input " + Arrays.toString(sx) + " does not match weight "
                    + Arrays.toString(sw) + " (expected input [..., " + (sw.length == 2 ? sw[1] : "in") + "])");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != sw[0])) {
            throw new IllegalArgumentException("linear: bias " + Arrays.toString(bias.shape()) + " expected [" + sw[0] + "]");
        }
        return OpCall.of("aten::linear").tensor(x).tensor(weight).optTensor(bias).call1();
    }

    /** 2-D convolution; x [N, C, H, W], weight [O, C/groups, kh, kw]. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups) {
        checkConvInput("conv2d", x, weight, groups, weight.size(1) * groups);
        return OpCall.of("aten::conv2d").tensor(x).tensor(weight).optTensor(bias)
                .ints(stride).ints(padding).ints(dilation).i64(groups).call1();
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, pair(stride), pair(padding), pair(1), 1);
    }

    /** Transposed 2-D convolution; weight [C, O/groups, kh, kw]. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                         long[] outputPadding, long groups, long[] dilation) {
        checkConvInput("conv_transpose2d", x, weight, groups, weight.size(0));
        return OpCall.of("aten::conv_transpose2d", "input").tensor(x).tensor(weight).optTensor(bias)
                .ints(stride).ints(padding).ints(outputPadding).i64(groups).ints(dilation).call1();
    }

    private static void checkConvInput(String op, Tensor x, Tensor weight, long groups, long expectedChannels) {
        long[] sx = x.shape(), sw = weight.shape();
        if (sx.length != 4 || sw.length != 4) {
            throw new IllegalArgumentException(op + ": expected 4-d input and weight, got " + Arrays.toString(sx)
                    + " and " + Arrays.toString(sw));
        }
        if (groups < 1 || sx[1] != expectedChannels || sx[1] % groups != 0) {
            throw new IllegalArgumentException(op + ": input has " + sx[1] + " channels, weight "
                    + Arrays.toString(sw) + " with groups=" + groups + " expects " + expectedChannels);
        }
    }

    /** Batch norm over dim 1. In training mode running stats (if given) are updated in place. */
    public static Tensor batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar,
                                   boolean training, double momentum, double eps) {
        return OpCall.of("aten::batch_norm").tensor(x).optTensor(weight).optTensor(bias).optTensor(runningMean)
                .optTensor(runningVar).bool(training).f64(momentum).f64(eps).bool(true).call1();
    }

    public static Tensor groupNorm(Tensor x, long groups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2 || x.size(1) % groups != 0) {
            throw new IllegalArgumentException("group_norm: " + x.size(1) + " channels are not divisible into " + groups + " groups");
        }
        return OpCall.of("aten::group_norm").tensor(x).i64(groups).optTensor(weight).optTensor(bias).f64(eps)
                .bool(true).call1();
    }

    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return OpCall.of("aten::layer_norm").tensor(x).ints(normalizedShape).optTensor(weight).optTensor(bias)
                .f64(eps).bool(true).call1();
    }

    /** Instance norm over each (sample, channel) plane, using the input's own statistics. */
    public static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return OpCall.of("aten::instance_norm").tensor(x).optTensor(weight).optTensor(bias).none().none()
                .bool(true).f64(0.1).f64(eps).bool(true).call1();
    }

    /** Rows of {@code weight} picked by integer {@code indices}. */
    public static Tensor embedding(Tensor weight, Tensor indices) {
        return OpCall.of("aten::embedding").tensor(weight).tensor(indices).i64(-1).bool(false).bool(false).call1();
    }

    // ----- activations ------------------------------------------------------------------

    public static Tensor relu(Tensor x) {
        return Ops.unary("aten::relu", x);
    }

    /**
     * max(0,x) + slope * min(0,x). Written as prelu with a one-element weight because
     * leaky_relu's slope is a Scalar, which the dispatcher cannot pass.
     */
    public static Tensor leakyRelu(Tensor x, double slope) {
        try (Tensor s = Tensor.scalar(slope); Tensor w = Ops.toCopy(s, x.dtype(), x.device());
             Tensor w1 = Ops.reshape(w, 1)) {
            return OpCall.of("aten::prelu").tensor(x).tensor(w1).call1();
        }
    }

    /** GELU, exact ("none") or the tanh approximation ("tanh"). */
    public static Tensor gelu(Tensor x, String approximate) {
        return OpCall.of("aten::gelu").tensor(x).str(approximate).call1();
    }

    public static Tensor silu(Tensor x) {
        return Ops.unary("aten::silu", x);
    }

    public static Tensor tanh(Tensor x) {
        return Ops.unary("aten::tanh", x);
    }

    public static Tensor sigmoid(Tensor x) {
        return Ops.unary("aten::sigmoid", x);
    }

    public static Tensor softmax(Tensor x, long dim) {
        return OpCall.of("aten::softmax", "int").tensor(x).i64(dim).none().call1();
    }

    public static Tensor logSoftmax(Tensor x, long dim) {
        return OpCall.of("aten::log_softmax", "int").tensor(x).i64(dim).none().call1();
    }

    // ----- resampling and pooling -------------------------------------------------------

    public static Tensor upsampleBilinear(Tensor x, long outH, long outW, boolean alignCorners) {
        return OpCall.of("aten::upsample_bilinear2d", "vec").tensor(x).optInts(new long[] {outH, outW})
                .bool(alignCorners).none().call1();
    }

    public static Tensor upsampleNearest(Tensor x, long outH, long outW) {
        return OpCall.of("aten::upsample_nearest2d", "vec").tensor(x).optInts(new long[] {outH, outW}).none().call1();
    }

    public static Tensor avgPool2d(Tensor x, long kernel, long stride, long padding) {
        return OpCall.of("aten::avg_pool2d").tensor(x).ints(kernel, kernel).ints(stride, stride)
                .ints(padding, padding).bool(false).bool(true).none().call1();
    }

    public static Tensor maxPool2d(Tensor x, long kernel, long stride, long padding) {
        return OpCall.of("aten::max_pool2d").tensor(x).ints(kernel, kernel).ints(stride, stride)
                .ints(padding, padding).ints(1, 1).bool(false).call1();
    }

    // ----- losses (mean reduction) ------------------------------------------------------

    /** Cross-entropy of logits [N, C, ...] against class indices [N, ...]; targets equal to ignoreIndex are skipped. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, long ignoreIndex) {
        return OpCall.of("aten::cross_entropy_loss").tensor(logits).tensor(targets).none().i64(1)
                .i64(ignoreIndex).f64(0.0).call1();
    }

    public static Tensor mseLoss(Tensor prediction, Tensor target) {
        return OpCall.of("aten::mse_loss").tensor(prediction).tensor(target).i64(1).call1();
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return OpCall.of("aten::binary_cross_entropy_with_logits").tensor(logits).tensor(target).none().none()
                .i64(1).call1();
    }

    static long[] pair(long v) {
        return new long[] {v, v};
    }
}
