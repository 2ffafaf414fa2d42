package dev.dgan.stylegan.v2;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ws [N, num_ws, w_dim] to an image [N, img_channels, R, R]: a learned 4x4 constant, then one
 * block per resolution 4, 8, ..., R. A block is an up-sampling modulated 3x3 conv (conv0,
 * not at 4x4), a modulated 3x3 conv (conv1), and a 1x1 modulated toRGB whose output is added to
 * the up-sampled image of the previous block (skip architecture). Blocks share one w at their
 * boundary: block b reads ws[i .. i + num_conv + num_torgb) and the next starts at i + num_conv.
 *
 * <p>Modulated conv, as the reference fuses it: per sample the weight is scaled by the style of each
 * input channel and (except toRGB) demodulated to unit norm per output channel, and the batch
 * runs per sample (see modulatedConv).
 */
public final class SynthesisNetwork implements AutoCloseable {

    /** One modulated conv: a synthesis layer (conv0/conv1) or a toRGB layer. */
    private record Layer(String name, int resolution, int up, Tensor affineWeight, Tensor affineBias, Tensor weight,
                         Tensor bias, Tensor noiseConst, Tensor noiseStrength, Tensor filter, boolean demodulate,
                         String activation, Double clamp) {
    }

    private record Block(int resolution, Layer conv0, Layer conv1, Layer torgb, Tensor filter, Tensor skipWeight,
                         Tensor skipFilter) {
        int numConv() {
            return conv0 == null ? 1 : 2;
        }

        int numToRgb() {
            return torgb == null ? 0 : 1;
        }
    }

    private final StyleGan2Config config;
    private final Tensor constInput;
    private final List<Block> blocks = new ArrayList<>();
    private final List<Tensor> owned = new ArrayList<>();

    SynthesisNetwork(StyleGan2Weights w) {
        this.config = w.config();
        try (TensorScope s = TensorScope.open()) {
            constInput = own(s, w.get("synthesis.b4.const").share());
            for (int res : config.blockResolutions()) {
                String b = "synthesis.b" + res + ".";
                Layer conv0 = res == 4 ? null : synthesisLayer(s, w, b + "conv0.", "b" + res + ".conv0", res, 2);
                Layer conv1 = synthesisLayer(s, w, b + "conv1.", "b" + res + ".conv1", res, 1);
                Layer torgb = config.hasToRgb(res) ? toRgbLayer(s, w, b + "torgb.", "b" + res + ".torgb", res) : null;
                Tensor filter = own(s, Resample.filter2d(w.get(b + "resample_filter")));
                Tensor skipWeight = null, skipFilter = null;
                if (res > 4 && config.architecture().equals("resnet")) {
                    Tensor sw = w.get(b + "skip.weight");
                    skipWeight = own(s, Ops.mul(sw, 1 / Math.sqrt(sw.size(1))));
                    skipFilter = own(s, Resample.filter2d(w.get(b + "skip.resample_filter")));
                }
                blocks.add(new Block(res, conv0, conv1, torgb, filter, skipWeight, skipFilter));
            }
        }
    }

    private Layer synthesisLayer(TensorScope s, StyleGan2Weights w, String p, String name, int res, int up) {
        Tensor aw = w.get(p + "affine.weight");
        Tensor noiseConst = null, noiseStrength = null;
        if (config.useNoise()) {
            noiseStrength = own(s, Ops.reshape(w.get(p + "noise_strength"), 1));
            noiseConst = own(s, Ops.mul(w.get(p + "noise_const"), noiseStrength));
        }
        return new Layer(name, res, up, own(s, Ops.mul(aw, 1 / Math.sqrt(aw.size(1)))),
                own(s, w.get(p + "affine.bias").share()), own(s, w.get(p + "weight").share()),
                own(s, w.get(p + "bias").share()), noiseConst, noiseStrength,
                own(s, Resample.filter2d(w.get(p + "resample_filter"))), true, config.synthesisActivation(),
                config.convClamp());
    }

    /** toRGB: its style is also scaled by 1/sqrt(in * k * k) (k = 1), folded into the affine. */
    private Layer toRgbLayer(TensorScope s, StyleGan2Weights w, String p, String name, int res) {
        Tensor aw = w.get(p + "affine.weight");
        Tensor weight = w.get(p + "weight");
        double styleGain = 1 / Math.sqrt(weight.size(1) * weight.size(2) * weight.size(3));
        return new Layer(name, res, 1, own(s, Ops.mul(aw, styleGain / Math.sqrt(aw.size(1)))),
                own(s, Ops.mul(w.get(p + "affine.bias"), styleGain)), own(s, weight.share()),
                own(s, w.get(p + "bias").share()), null, null, null, false, "linear", config.convClamp());
    }

    private Tensor own(TensorScope s, Tensor t) {
        s.keep(t);
        owned.add(t);
        return t;
    }

    /** The image for ws [N, num_ws, w_dim], noise from the checkpoint's constants. */
    public Tensor forward(Tensor ws) {
        return forward(ws, NoiseMode.CONST, null, Trace.NONE);
    }

    /**
     * The image for ws [N, num_ws, w_dim]. {@code noise} RANDOM draws from {@code generator}
     * (required then). Every intermediate is freed before returning.
     */
    Tensor forward(Tensor ws, NoiseMode noise, Generator generator, Trace trace) {
        if (noise == NoiseMode.RANDOM && generator == null) throw new IllegalArgumentException("random noise needs a generator");
        try (TensorScope outer = TensorScope.open()) {
            long n = ws.size(0);
            Tensor x = null, img = null;
            int wIdx = 0;
            for (Block b : blocks) {
                try (TensorScope s = TensorScope.open()) {
                    Tensor bws = Ops.narrow(ws, 1, wIdx, b.numConv() + b.numToRgb());
                    int j = 0;
                    Tensor y;
                    if (b.conv0 == null) {
                        Tensor c = Ops.expand(Ops.unsqueeze(constInput, 0), n, constInput.size(0), 4, 4);
                        y = layer(b.conv1, c, select(bws, j++), noise, generator, 1.0, trace);
                    } else if (b.skipWeight != null) { // resnet
                        Tensor skip = skip(b, x);
                        Tensor h = layer(b.conv0, x, select(bws, j++), noise, generator, 1.0, trace);
                        h = layer(b.conv1, h, select(bws, j++), noise, generator, Math.sqrt(0.5), trace);
                        y = Ops.add(skip, h);
                    } else {
                        Tensor h = layer(b.conv0, x, select(bws, j++), noise, generator, 1.0, trace);
                        y = layer(b.conv1, h, select(bws, j++), noise, generator, 1.0, trace);
                    }
                    trace.accept("b" + b.resolution + ".x", y);
                    Tensor im = img == null ? null : Resample.upsample2d(img, b.filter);
                    if (b.torgb != null) {
                        Tensor rgb = layer(b.torgb, y, select(bws, j), noise, generator, 1.0, trace);
                        im = im == null ? rgb : Ops.add(im, rgb);
                    }
                    if (im != null) trace.accept("b" + b.resolution + ".img", im);
                    if (x != null) x.close();
                    if (img != null) img.close();
                    x = s.keep(y);
                    img = im == null ? null : s.keep(im);
                }
                wIdx += b.numConv();
            }
            x.close();
            return outer.keep(img);
        }
    }

    private static Tensor select(Tensor ws, int i) {
        return Ops.squeeze(Ops.narrow(ws, 1, i, 1), 1);
    }

    /** The resnet skip path: 1x1 conv, x2 FIR up-sampling, gain sqrt(1/2), no bias. */
    private Tensor skip(Block b, Tensor x) {
        Tensor y = NN.conv2d(x, b.skipWeight, null, new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, 1);
        int fw = (int) b.skipFilter.size(1), fh = (int) b.skipFilter.size(0);
        y = Resample.upfirdn2d(y, b.skipFilter, 2, (fw + 1) / 2, (fw - 2) / 2, (fh + 1) / 2, (fh - 2) / 2, 4);
        return Ops.mul(y, Math.sqrt(0.5));
    }

    /** style = affine(w); modulated conv; + noise; + bias; activation * gain; clamp * gain. */
    private Tensor layer(Layer l, Tensor x, Tensor w, NoiseMode noise, Generator generator, double gain, Trace trace) {
        Tensor styles = NN.linear(w, l.affineWeight, l.affineBias);
        Tensor y = modulatedConv(x, l.weight, styles, l.demodulate, l.up, l.filter);
        if (l.noiseStrength != null && noise == NoiseMode.CONST) {
            y = Ops.add(y, l.noiseConst);
        } else if (l.noiseStrength != null && noise == NoiseMode.RANDOM) {
            Tensor r = Ops.randn(generator, DType.F32, y.device(), y.size(0), 1, l.resolution, l.resolution);
            y = Ops.add(y, Ops.mul(r, l.noiseStrength));
        }
        y = Ops.add(y, Ops.reshape(l.bias, 1, -1, 1, 1));
        y = Activation.apply(y, l.activation, gain, l.clamp == null ? null : l.clamp * gain);
        trace.accept(l.name, y);
        return y;
    }

    /**
     * The fused modulated conv of the reference: weight [O, I, k, k] per sample times styles
     * [N, I], demodulated, run as one grouped conv. With up = 2 it is the reference's
     * up-sampling path: a stride-2 transposed conv, then the FIR filter with gain 4 and the
     * padding that makes the output exactly twice the input.
     */
    static Tensor modulatedConv(Tensor x, Tensor weight, Tensor styles, boolean demodulate, int up, Tensor filter) {
        if (x.size(0) > 1 && styles.size(0) == x.size(0)) {
            // One sample at a time: on the CPU a grouped conv over a batch of 8 took 5.5 s for 8
            // images at 256 px against 3.9 s for 8 single convs (StyleGan2ForwardBench), and a
            // sample's result then no longer depends on the batch it was drawn in.
            try (TensorScope s = TensorScope.open()) {
                List<Tensor> parts = new ArrayList<>();
                for (long i = 0; i < x.size(0); i++) {
                    parts.add(modulatedConv(Ops.narrow(x, 0, i, 1), weight, Ops.narrow(styles, 0, i, 1), demodulate, up,
                            filter));
                }
                return s.keep(Ops.cat(parts, 0));
            }
        }
        try (TensorScope s = TensorScope.open()) {
            long n = x.size(0), in = x.size(1), h = x.size(2), wd = x.size(3);
            long out = weight.size(0), kh = weight.size(2), kw = weight.size(3);
            if (weight.size(1) != in || styles.size(0) != n || styles.size(1) != in) {
                throw new IllegalArgumentException("modulated conv: input " + Arrays.toString(x.shape()) + ", weight "
                        + Arrays.toString(weight.shape()) + ", styles " + Arrays.toString(styles.shape()));
            }
            Tensor w = Ops.mul(Ops.unsqueeze(weight, 0), Ops.reshape(styles, n, 1, in, 1, 1)); // [N, O, I, k, k]
            if (demodulate) {
                Tensor d = Ops.rsqrt(Ops.add(Ops.sum(Ops.square(w), new long[] {2, 3, 4}, false), 1e-8)); // [N, O]
                w = Ops.mul(w, Ops.reshape(d, n, out, 1, 1, 1));
            }
            Tensor xr = Ops.reshape(x, 1, n * in, h, wd);
            int padding = (int) kw / 2;
            Tensor y;
            if (up == 1) {
                Tensor wr = Ops.reshape(w, n * out, in, kh, kw);
                y = NN.conv2d(xr, wr, null, new long[] {1, 1}, new long[] {padding, padding}, new long[] {1, 1}, n);
            } else {
                // Padding bookkeeping of conv2d_resample for up > 1 (x and y alike: square kernels and filters).
                int fw = (int) filter.size(1);
                int p0 = padding + (fw + up - 1) / 2 - ((int) kw - 1);
                int p1 = padding + (fw - up) / 2 - ((int) kw - up);
                int pt = Math.max(Math.min(-p0, -p1), 0);
                Tensor wr = Ops.reshape(Ops.transpose(w, 1, 2), n * in, out, kh, kw);
                Tensor t = NN.convTranspose2d(xr, wr, null, new long[] {up, up}, new long[] {pt, pt}, new long[] {0, 0},
                        n, new long[] {1, 1});
                y = Resample.upfirdn2d(t, filter, 1, p0 + pt, p1 + pt, p0 + pt, p1 + pt, up * up);
            }
            return s.keep(Ops.reshape(y, n, out, y.size(2), y.size(3)));
        }
    }

    @Override
    public void close() {
        owned.forEach(Tensor::close);
        owned.clear();
    }
}
