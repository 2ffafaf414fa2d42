package dev.dgan.runtime;

/**
 * Plain-Java reference implementations, written from the ops' mathematical definitions (in
 * double precision, row-major, NCHW) and independent of libtorch.
 */
final class Ref {

    private Ref() {}

    // ----- linear algebra -------------------------------------------------------------------

    /** a [n,k] @ b [k,m]. */
    static double[] matmul(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * m + j];
                c[i * m + j] = s;
            }
        }
        return c;
    }

    /** [r, c] -> [c, r]. */
    static double[] transpose(double[] a, int r, int c) {
        double[] t = new double[a.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
        return t;
    }

    /** x [n, in] @ w[out, in]^T + bias[out] (bias may be null). */
    static double[] linear(double[] x, double[] w, double[] bias, int n, int in, int out) {
        double[] y = matmul(x, transpose(w, out, in), n, in, out);
        if (bias != null) for (int i = 0; i < n; i++) for (int o = 0; o < out; o++) y[i * out + o] += bias[o];
        return y;
    }

    // ----- convolution ----------------------------------------------------------------------

    /** Output size of a convolution along one axis. */
    static int convOut(int in, int k, int stride, int pad, int dil) {
        return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    }

    /**
     * Direct convolution: x [n, c, h, w], weight [o, c/groups, kh, kw], bias [o] or null;
     * stride/pad/dil are {y, x}.
     */
    static double[] conv2d(double[] x, int n, int c, int h, int w, double[] wt, int o, int kh, int kw, double[] bias,
                           int[] stride, int[] pad, int[] dil, int groups) {
        int oh = convOut(h, kh, stride[0], pad[0], dil[0]);
        int ow = convOut(w, kw, stride[1], pad[1], dil[1]);
        int cg = c / groups, og = o / groups;
        double[] y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias == null ? 0 : bias[oc];
                        for (int ic = 0; ic < cg; ic++) {
                            int cin = g * cg + ic;
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * stride[0] - pad[0] + ky * dil[0];
                                if (iy < 0 || iy >= h) continue;
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * stride[1] - pad[1] + kx * dil[1];
                                    if (ix < 0 || ix >= w) continue;
                                    s += x[((b * c + cin) * h + iy) * w + ix]
                                            * wt[((oc * cg + ic) * kh + ky) * kw + kx];
                                }
                            }
                        }
                        y[((b * o + oc) * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
        return y;
    }

    /** Output size of a transposed convolution along one axis. */
    static int convTransposeOut(int in, int k, int stride, int pad, int outPad, int dil) {
        return (in - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;
    }

    /**
     * Transposed convolution by scattering every input element: x [n, c, h, w],
     * weight [c, o/groups, kh, kw], bias [o] or null.
     */
    static double[] convTranspose2d(double[] x, int n, int c, int h, int w, double[] wt, int o, int kh, int kw,
                                    double[] bias, int[] stride, int[] pad, int[] outPad, int groups, int[] dil) {
        int oh = convTransposeOut(h, kh, stride[0], pad[0], outPad[0], dil[0]);
        int ow = convTransposeOut(w, kw, stride[1], pad[1], outPad[1], dil[1]);
        int cg = c / groups, og = o / groups;
        double[] y = new double[n * o * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh * ow; i++) y[(b * o + oc) * oh * ow + i] = bias == null ? 0 : bias[oc];
            }
            for (int ic = 0; ic < c; ic++) {
                int g = ic / cg;
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        double v = x[((b * c + ic) * h + iy) * w + ix];
                        for (int j = 0; j < og; j++) {
                            int oc = g * og + j;
                            for (int ky = 0; ky < kh; ky++) {
                                int oy = iy * stride[0] - pad[0] + ky * dil[0];
                                if (oy < 0 || oy >= oh) continue;
                                for (int kx = 0; kx < kw; kx++) {
                                    int ox = ix * stride[1] - pad[1] + kx * dil[1];
                                    if (ox < 0 || ox >= ow) continue;
                                    y[((b * o + oc) * oh + oy) * ow + ox] += v * wt[((ic * og + j) * kh + ky) * kw + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    // ----- normalisation (biased variance) --------------------------------------------------

    /**
     * Normalises each of {@code outer} groups of {@code inner} consecutive elements to zero
     * mean and unit (biased) variance.
     */
    static double[] normalizeGroups(double[] x, int outer, int inner, double eps) {
        double[] y = new double[x.length];
        for (int g = 0; g < outer; g++) {
            double mean = 0;
            for (int i = 0; i < inner; i++) mean += x[g * inner + i];
            mean /= inner;
            double var = 0;
            for (int i = 0; i < inner; i++) var += sq(x[g * inner + i] - mean);
            var /= inner;
            double inv = 1 / Math.sqrt(var + eps);
            for (int i = 0; i < inner; i++) y[g * inner + i] = (x[g * inner + i] - mean) * inv;
        }
        return y;
    }

    /** y[n, c, s] = y[n, c, s] * weight[c] + bias[c] over [n, c, spatial]. */
    static double[] affinePerChannel(double[] y, int n, int c, int spatial, double[] weight, double[] bias) {
        double[] out = y.clone();
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int s = 0; s < spatial; s++) {
                    int i = (b * c + ch) * spatial + s;
                    out[i] = out[i] * (weight == null ? 1 : weight[ch]) + (bias == null ? 0 : bias[ch]);
                }
            }
        }
        return out;
    }

    /** Per-channel batch mean over [n, c, spatial]. */
    static double[] channelMean(double[] x, int n, int c, int spatial) {
        double[] m = new double[c];
        for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int s = 0; s < spatial; s++)
            m[ch] += x[(b * c + ch) * spatial + s];
        for (int ch = 0; ch < c; ch++) m[ch] /= (double) n * spatial;
        return m;
    }

    /** Per-channel biased variance over [n, c, spatial]. */
    static double[] channelVar(double[] x, int n, int c, int spatial) {
        double[] m = channelMean(x, n, c, spatial);
        double[] v = new double[c];
        for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int s = 0; s < spatial; s++)
            v[ch] += sq(x[(b * c + ch) * spatial + s] - m[ch]);
        for (int ch = 0; ch < c; ch++) v[ch] /= (double) n * spatial;
        return v;
    }

    /** Batch norm with the given per-channel statistics. */
    static double[] batchNorm(double[] x, int n, int c, int spatial, double[] mean, double[] var, double[] weight,
                              double[] bias, double eps) {
        double[] y = new double[x.length];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double inv = 1 / Math.sqrt(var[ch] + eps);
                for (int s = 0; s < spatial; s++) {
                    int i = (b * c + ch) * spatial + s;
                    y[i] = (x[i] - mean[ch]) * inv * weight[ch] + bias[ch];
                }
            }
        }
        return y;
    }

    // ----- activations ----------------------------------------------------------------------

    /**
     * The error function, from the everywhere-convergent series
     * erf(z) = 2/sqrt(pi) * exp(-z^2) * sum_n (2 z^2)^n z / (2n+1)!!, whose terms are all
     * positive (no cancellation), so it keeps double precision for any |z| used here.
     */
    static double erf(double z) {
        double a = Math.abs(z);
        if (a > 6) return Math.signum(z); // 1 - erf(6) < 3e-17
        double z2 = a * a, term = a, sum = a;
        for (int n = 1; n < 1000; n++) {
            term *= 2 * z2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-z2) * sum;
        return z < 0 ? -r : r;
    }

    static double geluExact(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Softmax along the last axis of [rows, cols]; log-softmax when {@code log}. */
    static double[] softmaxRows(double[] x, int rows, int cols, boolean log) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j]);
            double sum = 0;
            for (int j = 0; j < cols; j++) sum += Math.exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) {
                double z = x[r * cols + j] - max;
                y[r * cols + j] = log ? z - Math.log(sum) : Math.exp(z) / sum;
            }
        }
        return y;
    }

    // ----- resampling and pooling -----------------------------------------------------------

    /** Source coordinate of output index {@code dst} along an axis (bilinear). */
    static double bilinearSource(int dst, int in, int out, boolean alignCorners) {
        if (alignCorners) return out > 1 ? dst * (double) (in - 1) / (out - 1) : 0;
        return Math.max((dst + 0.5) * in / out - 0.5, 0);
    }

    /** Bilinear resize of [planes, h, w] to [planes, oh, ow]. */
    static double[] bilinear(double[] x, int planes, int h, int w, int oh, int ow, boolean alignCorners) {
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                double sy = bilinearSource(oy, h, oh, alignCorners);
                int y0 = (int) Math.floor(sy), y1 = Math.min(y0 + 1, h - 1);
                double ly = sy - y0;
                for (int ox = 0; ox < ow; ox++) {
                    double sx = bilinearSource(ox, w, ow, alignCorners);
                    int x0 = (int) Math.floor(sx), x1 = Math.min(x0 + 1, w - 1);
                    double lx = sx - x0;
                    int base = p * h * w;
                    y[(p * oh + oy) * ow + ox] = (1 - ly) * ((1 - lx) * x[base + y0 * w + x0] + lx * x[base + y0 * w + x1])
                            + ly * ((1 - lx) * x[base + y1 * w + x0] + lx * x[base + y1 * w + x1]);
                }
            }
        }
        return y;
    }

    /**
     * Nearest source index: floor(dst * in / out). PyTorch evaluates the scale in float32, so
     * this does too (sizes in the tests avoid the boundary cases where that could matter).
     */
    static int nearestSource(int dst, int in, int out) {
        float scale = (float) in / out;
        return Math.min((int) Math.floor(dst * scale), in - 1);
    }

    static double[] nearest(double[] x, int planes, int h, int w, int oh, int ow) {
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    y[(p * oh + oy) * ow + ox] = x[(p * h + nearestSource(oy, h, oh)) * w + nearestSource(ox, w, ow)];
        return y;
    }

    /** Square pooling of [planes, h, w]; average counts padded zeros (count_include_pad), max ignores padding. */
    static double[] pool(double[] x, int planes, int h, int w, int k, int stride, int pad, boolean max) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                            double v = x[(p * h + iy) * w + ix];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    y[(p * oh + oy) * ow + ox] = max ? acc : acc / (k * k);
                }
            }
        }
        return y;
    }

    static double sq(double v) {
        return v * v;
    }
}
