package dev.dgan.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.dgan.runtime.TestSupport.assertClose;
import static dev.dgan.runtime.TestSupport.assertTensor;
import static dev.dgan.runtime.TestSupport.randn;
import static dev.dgan.runtime.TestSupport.map;
import static dev.dgan.runtime.TestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NN layers, activations, resampling, pooling and losses against plain-Java references. */
@ExtendWith(ScopePerTest.class)
class NNTest {

    private final Random rnd = new Random(77);
    // ----- layers -----------------------------------------------------------------------

    @Test
    void linearWithAndWithoutBiasOnBatchedInput() {
        int b0 = 2, b1 = 3, in = 5, out = 4;
        float[] x = randn(rnd, b0 * b1 * in), w = randn(rnd, out * in), bias = randn(rnd, out);
        double[] e = Ref.linear(toDouble(x), toDouble(w), toDouble(bias), b0 * b1, in, out);
        assertTensor(e, new long[] {b0, b1, out}, NN.linear(Tensor.of(x, b0, b1, in), Tensor.of(w, out, in), Tensor.of(bias, out)),
                "linear with bias");
        double[] nb = Ref.linear(toDouble(x), toDouble(w), null, b0 * b1, in, out);
        assertTensor(nb, new long[] {b0 * b1, out}, NN.linear(Tensor.of(x, b0 * b1, in), Tensor.of(w, out, in), null),
                "linear without bias");
        assertThrows(IllegalArgumentException.class, () -> NN.linear(Tensor.of(x, b0 * b1 * in / 3, 3), Tensor.of(w, out, in), null));
        assertThrows(IllegalArgumentException.class,
                () -> NN.linear(Tensor.of(x, b0 * b1, in), Tensor.of(w, out, in), Tensor.of(new float[3], 3)));
    }

    private void checkConv2d(int n, int c, int h, int w, int o, int kh, int kw, int[] stride, int[] pad, int[] dil,
                             int groups, boolean withBias) {
        float[] x = randn(rnd, n * c * h * w), wt = randn(rnd, o * (c / groups) * kh * kw), bias = randn(rnd, o);
        double[] e = Ref.conv2d(toDouble(x), n, c, h, w, toDouble(wt), o, kh, kw, withBias ? toDouble(bias) : null,
                stride, pad, dil, groups);
        int oh = Ref.convOut(h, kh, stride[0], pad[0], dil[0]), ow = Ref.convOut(w, kw, stride[1], pad[1], dil[1]);
        Tensor y = NN.conv2d(Tensor.of(x, n, c, h, w), Tensor.of(wt, o, c / groups, kh, kw),
                withBias ? Tensor.of(bias, o) : null, longs(stride), longs(pad), longs(dil), groups);
        assertTensor(e, new long[] {n, o, oh, ow}, y,
                "conv2d stride " + java.util.Arrays.toString(stride) + " pad " + java.util.Arrays.toString(pad)
                        + " dil " + java.util.Arrays.toString(dil) + " groups " + groups);
    }

    @Test
    void conv2dStridePaddingDilationGroups() {
        checkConv2d(2, 3, 5, 6, 4, 3, 3, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1, true);
        checkConv2d(2, 3, 7, 6, 2, 3, 2, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 1}, 1, false);
        checkConv2d(1, 2, 8, 7, 3, 3, 3, new int[] {1, 2}, new int[] {2, 1}, new int[] {2, 1}, 1, true);
        checkConv2d(2, 4, 6, 6, 6, 3, 3, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 2, true);
        checkConv2d(1, 6, 5, 5, 6, 3, 3, new int[] {1, 1}, new int[] {1, 1}, new int[] {2, 2}, 6, true); // depthwise
    }

    @Test
    void conv2dConvenienceOverloadAndJavaSideChecks() {
        float[] x = randn(rnd, 2 * 5 * 5), wt = randn(rnd, 3 * 2 * 3 * 3), bias = randn(rnd, 3);
        double[] e = Ref.conv2d(toDouble(x), 1, 2, 5, 5, toDouble(wt), 3, 3, 3, toDouble(bias),
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 1);
        assertTensor(e, new long[] {1, 3, 3, 3}, NN.conv2d(Tensor.of(x, 1, 2, 5, 5), Tensor.of(wt, 3, 2, 3, 3), Tensor.of(bias, 3), 2, 1),
                "conv2d(x, w, b, 2, 1)");
        // weight [2, 3, 3, 3] expects 3 input channels; x has 2
        float[] w3 = randn(rnd, 2 * 3 * 3 * 3);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> NN.conv2d(Tensor.of(x, 1, 2, 5, 5), Tensor.of(w3, 2, 3, 3, 3), null, 1, 0));
        assertTrue(ex.getMessage().contains("2 channels") && ex.getMessage().contains("expects 3"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NN.conv2d(Tensor.of(x, 2, 5, 5), Tensor.of(wt, 3, 2, 3, 3), null, 1, 0));
    }

    private void checkConvTranspose(int n, int c, int h, int w, int o, int kh, int kw, int[] stride, int[] pad,
                                    int[] outPad, int groups, int[] dil, boolean withBias) {
        float[] x = randn(rnd, n * c * h * w), wt = randn(rnd, c * (o / groups) * kh * kw), bias = randn(rnd, o);
        double[] e = Ref.convTranspose2d(toDouble(x), n, c, h, w, toDouble(wt), o, kh, kw, withBias ? toDouble(bias) : null,
                stride, pad, outPad, groups, dil);
        int oh = Ref.convTransposeOut(h, kh, stride[0], pad[0], outPad[0], dil[0]);
        int ow = Ref.convTransposeOut(w, kw, stride[1], pad[1], outPad[1], dil[1]);
        Tensor y = NN.convTranspose2d(Tensor.of(x, n, c, h, w), Tensor.of(wt, c, o / groups, kh, kw),
                withBias ? Tensor.of(bias, o) : null, longs(stride), longs(pad), longs(outPad), groups, longs(dil));
        assertTensor(e, new long[] {n, o, oh, ow}, y, "conv_transpose2d groups " + groups);
    }

    @Test
    void convTranspose2dWithGroups() {
        checkConvTranspose(2, 3, 4, 5, 2, 3, 3, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1, new int[] {1, 1}, true);
        checkConvTranspose(1, 2, 3, 4, 3, 4, 4, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, 1, new int[] {1, 1}, false);
        checkConvTranspose(2, 4, 3, 3, 6, 3, 3, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 2, new int[] {1, 1}, true);
        checkConvTranspose(1, 4, 4, 3, 4, 3, 2, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 0}, 4, new int[] {1, 2}, true);
        // groups checked in Java: input channels must equal weight.size(0)
        assertThrows(IllegalArgumentException.class, () -> NN.convTranspose2d(Tensor.of(new float[16], 1, 4, 2, 2),
                Tensor.of(new float[18], 2, 1, 3, 3), null, new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, 1,
                new long[] {1, 1}));
    }

    @Test
    void batchNormTrainingUpdatesRunningStatsAndEvalUsesThem() {
        int n = 3, c = 2, h = 2, w = 3, sp = h * w;
        float[] x = randn(rnd, n * c * sp, 2.0), gamma = randn(rnd, c), beta = randn(rnd, c);
        float[] rm0 = randn(rnd, c), rv0 = TestSupport.uniform(rnd, c, 0.5, 2.0);
        Tensor rm = Tensor.of(rm0.clone(), c), rv = Tensor.of(rv0.clone(), c);
        double eps = 1e-5, momentum = 0.1;
        double[] xd = toDouble(x);
        double[] mean = Ref.channelMean(xd, n, c, sp), var = Ref.channelVar(xd, n, c, sp);
        double[] e = Ref.batchNorm(xd, n, c, sp, mean, var, toDouble(gamma), toDouble(beta), eps);
        Tensor y = NN.batchNorm(Tensor.of(x, n, c, h, w), Tensor.of(gamma, c), Tensor.of(beta, c), rm, rv, true, momentum, eps);
        assertTensor(e, new long[] {n, c, h, w}, y, "batch_norm training");
        double[] erm = new double[c], erv = new double[c];
        int count = n * sp;
        for (int ch = 0; ch < c; ch++) {
            erm[ch] = (1 - momentum) * rm0[ch] + momentum * mean[ch];
            erv[ch] = (1 - momentum) * rv0[ch] + momentum * var[ch] * count / (count - 1); // unbiased in running var
        }
        assertClose(erm, rm.toFloatArray(), "running mean");
        assertClose(erv, rv.toFloatArray(), "running var");

        double[] ev = Ref.batchNorm(xd, n, c, sp, erm, erv, toDouble(gamma), toDouble(beta), eps);
        assertTensor(ev, new long[] {n, c, h, w},
                NN.batchNorm(Tensor.of(x, n, c, h, w), Tensor.of(gamma, c), Tensor.of(beta, c), rm, rv, false, momentum, eps),
                "batch_norm eval");
        // training without running stats or affine parameters
        double[] ones = {1, 1}, zeros = {0, 0};
        assertTensor(Ref.batchNorm(xd, n, c, sp, mean, var, ones, zeros, eps), new long[] {n, c, h, w},
                NN.batchNorm(Tensor.of(x, n, c, h, w), null, null, null, null, true, momentum, eps), "batch_norm no stats");
    }

    @Test
    void groupNorm() {
        int n = 2, c = 6, h = 2, w = 3, groups = 3, sp = h * w;
        float[] x = randn(rnd, n * c * sp, 3.0), gamma = randn(rnd, c), beta = randn(rnd, c);
        double eps = 1e-5;
        double[] norm = Ref.normalizeGroups(toDouble(x), n * groups, (c / groups) * sp, eps);
        double[] e = Ref.affinePerChannel(norm, n, c, sp, toDouble(gamma), toDouble(beta));
        assertTensor(e, new long[] {n, c, h, w}, NN.groupNorm(Tensor.of(x, n, c, h, w), groups, Tensor.of(gamma, c), Tensor.of(beta, c), eps),
                "group_norm");
        assertTensor(norm, new long[] {n, c, h, w}, NN.groupNorm(Tensor.of(x, n, c, h, w), groups, null, null, eps),
                "group_norm without affine");
        assertThrows(IllegalArgumentException.class, () -> NN.groupNorm(Tensor.of(x, n, c, h, w), 4, null, null, eps));
    }

    @Test
    void layerNormOverLastTwoDims() {
        int n = 3, a = 2, b = 4;
        float[] x = randn(rnd, n * a * b, 2.0), gamma = randn(rnd, a * b), beta = randn(rnd, a * b);
        double eps = 1e-5;
        double[] norm = Ref.normalizeGroups(toDouble(x), n, a * b, eps);
        double[] e = norm.clone();
        for (int i = 0; i < e.length; i++) e[i] = e[i] * gamma[i % (a * b)] + beta[i % (a * b)];
        assertTensor(e, new long[] {n, a, b},
                NN.layerNorm(Tensor.of(x, n, a, b), new long[] {a, b}, Tensor.of(gamma, a, b), Tensor.of(beta, a, b), eps),
                "layer_norm");
        double[] last = Ref.normalizeGroups(toDouble(x), n * a, b, eps);
        assertTensor(last, new long[] {n, a, b}, NN.layerNorm(Tensor.of(x, n, a, b), new long[] {b}, null, null, eps),
                "layer_norm last dim");
    }

    @Test
    void instanceNorm() {
        int n = 2, c = 3, h = 3, w = 2, sp = h * w;
        float[] x = randn(rnd, n * c * sp, 2.0), gamma = randn(rnd, c), beta = randn(rnd, c);
        double eps = 1e-5;
        double[] norm = Ref.normalizeGroups(toDouble(x), n * c, sp, eps);
        assertTensor(Ref.affinePerChannel(norm, n, c, sp, toDouble(gamma), toDouble(beta)), new long[] {n, c, h, w},
                NN.instanceNorm(Tensor.of(x, n, c, h, w), Tensor.of(gamma, c), Tensor.of(beta, c), eps), "instance_norm");
        assertTensor(norm, new long[] {n, c, h, w}, NN.instanceNorm(Tensor.of(x, n, c, h, w), null, null, eps),
                "instance_norm without affine");
    }

    @Test
    void embedding() {
        int rows = 5, dim = 3;
        float[] w = randn(rnd, rows * dim);
        long[] idx = {4, 0, 2, 2, 1, 4};
        Tensor y = NN.embedding(Tensor.of(w, rows, dim), Tensor.of(idx, 2, 3));
        double[] e = new double[idx.length * dim];
        for (int i = 0; i < idx.length; i++) for (int j = 0; j < dim; j++) e[i * dim + j] = w[(int) idx[i] * dim + j];
        assertTensor(e, new long[] {2, 3, dim}, y, "embedding");
        assertThrows(TorchException.class, () -> NN.embedding(Tensor.of(w, rows, dim), Tensor.of(new long[] {5}, 1)));
    }

    // ----- activations ------------------------------------------------------------------

    @Test
    void erfReferenceMatchesKnownValues() {
        // Reference values (to 16 digits) to check the reference itself.
        assertEquals(0.8427007929497149, Ref.erf(1), 1e-14);
        assertEquals(-0.5204998778130465, Ref.erf(-0.5), 1e-14);
        assertEquals(0.9953222650189527, Ref.erf(2), 1e-14);
        assertEquals(0.9999779095030014, Ref.erf(3), 1e-14);
        assertEquals(0.0, Ref.erf(0));
        assertEquals(-0.9999999999999927, Ref.erf(-5.5), 1e-15);
        assertEquals(0.9999999845827421, Ref.erf(4), 1e-14);
    }

    @Test
    void activations() {
        float[] x = randn(rnd, 40, 2.5);
        long[] s = {4, 10};
        Tensor t = Tensor.of(x, 4, 10);
        assertTensor(map(x, v -> Math.max(v, 0)), s, NN.relu(t), "relu");
        assertTensor(map(x, v -> v > 0 ? v : 0.2 * v), s, NN.leakyRelu(t, 0.2), "leaky_relu 0.2");
        assertTensor(map(x, Ref::geluExact), s, NN.gelu(t, "none"), "gelu exact");
        assertTensor(map(x, Ref::geluTanh), s, NN.gelu(t, "tanh"), "gelu tanh");
        assertTensor(map(x, v -> v * Ref.sigmoid(v)), s, NN.silu(t), "silu");
        assertTensor(map(x, Math::tanh), s, NN.tanh(t), "tanh");
        assertTensor(map(x, Ref::sigmoid), s, NN.sigmoid(t), "sigmoid");
        // leaky relu keeps float64 inputs float64
        Tensor d = NN.leakyRelu(Tensor.of(new double[] {-2, 3}, 2), 0.01);
        assertEquals(DType.F64, d.dtype());
        assertArrayEquals(new double[] {-0.02, 3}, d.toDoubleArray(), 1e-15);
        assertThrows(TorchException.class, () -> NN.gelu(t, "bogus"));
    }

    @Test
    void softmaxAndLogSoftmax() {
        int r = 3, c = 5;
        float[] x = randn(rnd, r * c, 3.0);
        Tensor t = Tensor.of(x, r, c);
        assertTensor(Ref.softmaxRows(toDouble(x), r, c, false), new long[] {r, c}, NN.softmax(t, 1), "softmax dim 1");
        assertTensor(Ref.softmaxRows(toDouble(x), r, c, true), new long[] {r, c}, NN.logSoftmax(t, -1), "log_softmax dim -1");
        double[] xt = Ref.transpose(toDouble(x), r, c); // [c, r]: softmax over dim 0 of x = rows of xt
        assertTensor(Ref.transpose(Ref.softmaxRows(xt, c, r, false), c, r), new long[] {r, c}, NN.softmax(t, 0), "softmax dim 0");
        assertTensor(Ref.transpose(Ref.softmaxRows(xt, c, r, true), c, r), new long[] {r, c}, NN.logSoftmax(t, 0), "log_softmax dim 0");
    }

    // ----- resampling and pooling -------------------------------------------------------

    @Test
    void upsampleBilinearBothAlignments() {
        int n = 2, c = 2, h = 3, w = 4;
        float[] x = randn(rnd, n * c * h * w);
        Tensor t = Tensor.of(x, n, c, h, w);
        int[][] sizes = {{7, 9}, {6, 8}, {2, 3}, {3, 4}, {5, 1}};
        for (int[] o : sizes) {
            for (boolean align : new boolean[] {false, true}) {
                double[] e = Ref.bilinear(toDouble(x), n * c, h, w, o[0], o[1], align);
                assertTensor(e, new long[] {n, c, o[0], o[1]}, NN.upsampleBilinear(t, o[0], o[1], align),
                        "bilinear to " + o[0] + "x" + o[1] + " align_corners=" + align);
            }
        }
    }

    @Test
    void upsampleNearest() {
        int n = 1, c = 3, h = 3, w = 4;
        float[] x = randn(rnd, n * c * h * w);
        Tensor t = Tensor.of(x, n, c, h, w);
        int[][] sizes = {{6, 8}, {7, 5}, {2, 3}, {9, 12}, {4, 10}};
        for (int[] o : sizes) {
            assertTensor(Ref.nearest(toDouble(x), n * c, h, w, o[0], o[1]), new long[] {n, c, o[0], o[1]},
                    NN.upsampleNearest(t, o[0], o[1]), "nearest to " + o[0] + "x" + o[1]);
        }
    }

    @Test
    void avgAndMaxPool() {
        int n = 2, c = 2, h = 5, w = 6;
        float[] x = randn(rnd, n * c * h * w);
        Tensor t = Tensor.of(x, n, c, h, w);
        int[][] cfg = {{2, 2, 0}, {3, 1, 1}, {3, 2, 1}};
        for (int[] k : cfg) {
            int oh = (h + 2 * k[2] - k[0]) / k[1] + 1, ow = (w + 2 * k[2] - k[0]) / k[1] + 1;
            assertTensor(Ref.pool(toDouble(x), n * c, h, w, k[0], k[1], k[2], false), new long[] {n, c, oh, ow},
                    NN.avgPool2d(t, k[0], k[1], k[2]), "avg_pool2d " + java.util.Arrays.toString(k));
            assertTensor(Ref.pool(toDouble(x), n * c, h, w, k[0], k[1], k[2], true), new long[] {n, c, oh, ow},
                    NN.maxPool2d(t, k[0], k[1], k[2]), "max_pool2d " + java.util.Arrays.toString(k));
        }
    }

    // ----- losses -----------------------------------------------------------------------

    @Test
    void crossEntropyWithIgnoreIndex() {
        int n = 5, c = 4;
        float[] logits = randn(rnd, n * c, 2.0);
        long[] targets = {3, 0, -100, 2, 1};
        double[] logp = Ref.softmaxRows(toDouble(logits), n, c, true);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] == -100) continue;
            sum -= logp[i * c + (int) targets[i]];
            count++;
        }
        assertClose(sum / count, NN.crossEntropy(Tensor.of(logits, n, c), Tensor.of(targets, n), -100).item(),
                "cross_entropy ignore -100");
        // with another ignore index, -100 is an out-of-range class, which libtorch rejects
        assertThrows(TorchException.class, () -> NN.crossEntropy(Tensor.of(logits, n, c), Tensor.of(targets, n), 0));
        long[] t2 = {3, 0, 1, 2, 1};
        double s2 = 0;
        for (int i = 0; i < n; i++) if (t2[i] != 1) s2 -= logp[i * c + (int) t2[i]];
        assertClose(s2 / 3, NN.crossEntropy(Tensor.of(logits, n, c), Tensor.of(t2, n), 1).item(), "cross_entropy ignore 1");

        // spatial form: logits [N, C, H, W], targets [N, H, W]
        int h = 2, w = 2;
        float[] sl = randn(rnd, 2 * c * h * w);
        long[] st = {0, 1, 2, 3, 3, 2, 1, 0};
        double ss = 0;
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < h * w; p++) {
                double[] row = new double[c];
                for (int k = 0; k < c; k++) row[k] = sl[(b * c + k) * h * w + p];
                ss -= Ref.softmaxRows(row, 1, c, true)[(int) st[b * h * w + p]];
            }
        }
        assertClose(ss / 8, NN.crossEntropy(Tensor.of(sl, 2, c, h, w), Tensor.of(st, 2, h, w), -100).item(),
                "cross_entropy spatial");
    }

    @Test
    void mseAndBceWithLogits() {
        int n = 12;
        float[] p = randn(rnd, n), t = randn(rnd, n), logits = randn(rnd, n, 3.0), y = TestSupport.uniform(rnd, n, 0, 1);
        double mse = 0, bce = 0;
        for (int i = 0; i < n; i++) {
            mse += Ref.sq(p[i] - (double) t[i]);
            double x = logits[i];
            bce += -(y[i] * Math.log(Ref.sigmoid(x)) + (1 - y[i]) * Math.log(1 - Ref.sigmoid(x)));
        }
        assertClose(mse / n, NN.mseLoss(Tensor.of(p, 3, 4), Tensor.of(t, 3, 4)).item(), "mse_loss");
        assertClose(bce / n, NN.binaryCrossEntropyWithLogits(Tensor.of(logits, 3, 4), Tensor.of(y, 3, 4)).item(),
                "binary_cross_entropy_with_logits");
    }

    private static long[] longs(int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return l;
    }
}
