package dev.dgan.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.dgan.runtime.TestSupport.assertClose;
import static dev.dgan.runtime.TestSupport.assertTensor;
import static dev.dgan.runtime.TestSupport.randn;
import static dev.dgan.runtime.TestSupport.map;
import static dev.dgan.runtime.TestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ops against plain-Java computations on seeded random inputs. Every test runs in a scope. */
@ExtendWith(ScopePerTest.class)
class OpsTest {

    private final Random rnd = new Random(20240613);
    // ----- creation ---------------------------------------------------------------------

    @Test
    void zerosOnesFullFillAndZero() {
        Tensor z = Ops.zeros(DType.F32, Device.CPU, 2, 3);
        assertTensor(new double[6], new long[] {2, 3}, z, "zeros");
        Tensor o = Ops.ones(DType.F64, Device.CPU, 4);
        assertEquals(DType.F64, o.dtype());
        assertArrayEquals(new double[] {1, 1, 1, 1}, o.toDoubleArray());
        Tensor f = Ops.full(-3.5, DType.F32, Device.CPU, 3, 1);
        assertTensor(new double[] {-3.5, -3.5, -3.5}, new long[] {3, 1}, f, "full");
        Ops.fill_(f, 7);
        assertArrayEquals(new float[] {7, 7, 7}, f.toFloatArray());
        Ops.zero_(f);
        assertArrayEquals(new float[] {0, 0, 0}, f.toFloatArray());
        Tensor i = Ops.full(5, DType.I64, Device.CPU, 2);
        assertArrayEquals(new long[] {5, 5}, i.toLongArray());
    }

    // ----- arithmetic -------------------------------------------------------------------

    @Test
    void elementwiseBinaryOps() {
        int n = 12;
        float[] a = randn(rnd, n), b = randn(rnd, n);
        float[] pos = TestSupport.uniform(rnd, n, 0.5, 2.0);
        Tensor ta = Tensor.of(a, 3, 4), tb = Tensor.of(b, 3, 4), tp = Tensor.of(pos, 3, 4);
        long[] s = {3, 4};
        double[] add = new double[n], sub = new double[n], addAlpha = new double[n], mul = new double[n],
                div = new double[n], max = new double[n], min = new double[n];
        for (int i = 0; i < n; i++) {
            add[i] = (double) a[i] + b[i];
            sub[i] = (double) a[i] - b[i];
            addAlpha[i] = a[i] + 2.5 * b[i];
            mul[i] = (double) a[i] * b[i];
            div[i] = a[i] / (double) pos[i];
            max[i] = Math.max(a[i], b[i]);
            min[i] = Math.min(a[i], b[i]);
        }
        assertTensor(add, s, Ops.add(ta, tb), "add");
        assertTensor(sub, s, Ops.sub(ta, tb), "sub");
        assertTensor(addAlpha, s, Ops.add(ta, tb, 2.5), "add alpha");
        assertTensor(mul, s, Ops.mul(ta, tb), "mul");
        assertTensor(div, s, Ops.div(ta, tp), "div");
        assertTensor(max, s, Ops.maximum(ta, tb), "maximum");
        assertTensor(min, s, Ops.minimum(ta, tb), "minimum");
    }

    @Test
    void scalarFormsKeepFloat32() {
        float[] a = randn(rnd, 6);
        Tensor ta = Tensor.of(a, 2, 3);
        Tensor add = Ops.add(ta, 1.75), mul = Ops.mul(ta, -3.0), div = Ops.div(ta, 4.0);
        for (Tensor t : List.of(add, mul, div)) assertEquals(DType.F32, t.dtype(), "a Scalar must not promote");
        assertTensor(map(a, x -> x + 1.75), new long[] {2, 3}, add, "add scalar");
        assertTensor(map(a, x -> x * -3.0), new long[] {2, 3}, mul, "mul scalar");
        assertTensor(map(a, x -> x / 4.0), new long[] {2, 3}, div, "div scalar");
    }

    @Test
    void broadcastingAdd() {
        float[] a = randn(rnd, 6), row = randn(rnd, 3), col = randn(rnd, 2);
        Tensor r = Ops.add(Ops.add(Tensor.of(a, 2, 3), Tensor.of(row, 3)), Tensor.of(col, 2, 1));
        double[] e = new double[6];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) e[i * 3 + j] = (double) a[i * 3 + j] + row[j] + col[i];
        assertTensor(e, new long[] {2, 3}, r, "broadcast add");
    }

    @Test
    void unaryOps() {
        float[] a = randn(rnd, 10), pos = TestSupport.uniform(rnd, 10, 0.1, 3);
        Tensor ta = Tensor.of(a, 10), tp = Tensor.of(pos, 10);
        assertTensor(map(a, x -> -x), new long[] {10}, Ops.neg(ta), "neg");
        assertTensor(map(a, Math::abs), new long[] {10}, Ops.abs(ta), "abs");
        assertTensor(map(a, x -> x * x), new long[] {10}, Ops.square(ta), "square");
        assertTensor(map(a, Math::exp), new long[] {10}, Ops.exp(ta), "exp");
        assertTensor(map(pos, Math::sqrt), new long[] {10}, Ops.sqrt(tp), "sqrt");
        assertTensor(map(pos, v -> 1 / Math.sqrt(v)), new long[] {10}, Ops.rsqrt(tp), "rsqrt");
        assertTensor(map(pos, Math::log), new long[] {10}, Ops.log(tp), "log");
    }

    @Test
    void rsqrtClampAndFlip() {
        float[] pos = TestSupport.uniform(rnd, 8, 0.1, 3), a = randn(rnd, 6, 3.0);
        assertTensor(map(pos, x -> 1 / Math.sqrt(x)), new long[] {8}, Ops.rsqrt(Tensor.of(pos, 8)), "rsqrt");
        Tensor c = Ops.clamp(Tensor.of(a, 2, 3), -1.5, 2.0);
        assertEquals(DType.F32, c.dtype(), "clamp must not promote");
        assertTensor(map(a, x -> Math.max(-1.5, Math.min(2.0, x))), new long[] {2, 3}, c, "clamp");
        assertThrows(IllegalArgumentException.class, () -> Ops.clamp(Tensor.of(a, 2, 3), 1, 0));
        float[] m = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, Ops.flip(Tensor.of(m, 2, 3), 1).toFloatArray(), "flip dim 1");
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, Ops.flip(Tensor.of(m, 2, 3), 0, 1).toFloatArray(), "flip both");
    }

    @Test
    void eqAndWhere() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 4), b = Tensor.of(new float[] {1, 0, 3, 0}, 4);
        Tensor eq = Ops.eq(a, b);
        assertEquals(DType.BOOL, eq.dtype());
        assertArrayEquals(new byte[] {1, 0, 1, 0}, eq.toByteArray());
        assertArrayEquals(new float[] {1, 0, 3, 0}, Ops.where(eq, a, Ops.zeros(DType.F32, Device.CPU, 4)).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, Ops.where(Ops.eq(a, a), a, b).toFloatArray());
    }

    // ----- matrix products --------------------------------------------------------------

    @Test
    void mm() {
        float[] a = randn(rnd, 3 * 5), b = randn(rnd, 5 * 4);
        assertTensor(Ref.matmul(toDouble(a), toDouble(b), 3, 5, 4), new long[] {3, 4},
                Ops.mm(Tensor.of(a, 3, 5), Tensor.of(b, 5, 4)), "mm");
        assertThrows(IllegalArgumentException.class, () -> Ops.mm(Tensor.of(a, 3, 5), Tensor.of(a, 3, 5)));
    }

    @Test
    void bmm() {
        int bs = 3, n = 2, k = 4, m = 5;
        float[] a = randn(rnd, bs * n * k), b = randn(rnd, bs * k * m);
        double[] e = new double[bs * n * m];
        for (int i = 0; i < bs; i++) {
            double[] ai = Arrays.copyOfRange(toDouble(a), i * n * k, (i + 1) * n * k);
            double[] bi = Arrays.copyOfRange(toDouble(b), i * k * m, (i + 1) * k * m);
            System.arraycopy(Ref.matmul(ai, bi, n, k, m), 0, e, i * n * m, n * m);
        }
        assertTensor(e, new long[] {bs, n, m}, Ops.bmm(Tensor.of(a, bs, n, k), Tensor.of(b, bs, k, m)), "bmm");
        assertThrows(IllegalArgumentException.class, () -> Ops.bmm(Tensor.of(a, bs, n, k), Tensor.of(a, bs, n, k)));
    }

    @Test
    void scatterAddCountsInPlaceAndOneHotEncodes() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor counts = Ops.zeros(DType.F32, Device.CPU, 2, 3);
            Tensor index = Tensor.of(new long[] {2, 2, 0, 1, 1, 1}, 2, 3);
            Ops.scatterAdd_(counts, 1, index, Ops.ones(DType.F32, Device.CPU, 2, 3));
            assertArrayEquals(new float[] {1, 0, 2, 0, 3, 0}, counts.toFloatArray());
            assertArrayEquals(new long[] {0, 1, 0, 0, 0, 1}, Ops.oneHot(Tensor.of(new long[] {1, 2}, 2), 3).toLongArray());
        }
    }

    @Test
    void addmmWithBetaAlphaAndTwoDimSelf() {
        int n = 3, k = 4, m = 2;
        float[] self = randn(rnd, n * m), m1 = randn(rnd, n * k), m2 = randn(rnd, k * m);
        double[] prod = Ref.matmul(toDouble(m1), toDouble(m2), n, k, m);
        double[] e = new double[n * m];
        for (int i = 0; i < e.length; i++) e[i] = 0.5 * self[i] - 2.0 * prod[i];
        assertTensor(e, new long[] {n, m}, Ops.addmm(Tensor.of(self, n, m), Tensor.of(m1, n, k), Tensor.of(m2, k, m), 0.5, -2.0),
                "addmm beta=0.5 alpha=-2");
        double[] unit = new double[n * m];
        for (int i = 0; i < unit.length; i++) unit[i] = self[i] + prod[i];
        assertTensor(unit, new long[] {n, m}, Ops.addmm(Tensor.of(self, n, m), Tensor.of(m1, n, k), Tensor.of(m2, k, m)),
                "addmm 2-d self, unit coefficients");
    }

    @Test
    void addmmWithOneDimBias() {
        int n = 4, k = 3, m = 5;
        float[] bias = randn(rnd, m), m1 = randn(rnd, n * k), m2 = randn(rnd, k * m);
        double[] prod = Ref.matmul(toDouble(m1), toDouble(m2), n, k, m);
        double[] fused = new double[n * m], scaled = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                fused[i * m + j] = bias[j] + prod[i * m + j];
                scaled[i * m + j] = 3 * bias[j] + 0.25 * prod[i * m + j];
            }
        }
        // beta = alpha = 1 with a 1-D bias takes the fused linear path
        assertTensor(fused, new long[] {n, m}, Ops.addmm(Tensor.of(bias, m), Tensor.of(m1, n, k), Tensor.of(m2, k, m)),
                "addmm fused 1-d bias");
        assertTensor(scaled, new long[] {n, m},
                Ops.addmm(Tensor.of(bias, m), Tensor.of(m1, n, k), Tensor.of(m2, k, m), 3, 0.25), "addmm 1-d bias, beta=3 alpha=0.25");
    }

    // ----- shape ------------------------------------------------------------------------

    @Test
    void reshapePermuteTransposeContiguous() {
        int d0 = 2, d1 = 3, d2 = 4;
        float[] a = randn(rnd, d0 * d1 * d2);
        Tensor t = Tensor.of(a, d0, d1, d2);
        Tensor r = Ops.reshape(t, 4, -1);
        assertTensor(toDouble(a), new long[] {4, 6}, r, "reshape");

        Tensor p = Ops.permute(t, 2, 0, 1); // [d2, d0, d1]
        assertArrayEquals(new long[] {d2, d0, d1}, p.shape());
        assertFalse(p.isContiguous());
        double[] pe = new double[a.length];
        for (int i = 0; i < d0; i++) for (int j = 0; j < d1; j++) for (int k = 0; k < d2; k++)
            pe[(k * d0 + i) * d1 + j] = a[(i * d1 + j) * d2 + k];
        assertClose(pe, p.toFloatArray(), "permute");
        Tensor pc = Ops.contiguous(p);
        assertTrue(pc.isContiguous());
        assertArrayEquals(new long[] {d0 * d1, d1, 1}, pc.strides());
        assertClose(pe, pc.toFloatArray(), "contiguous");
        assertThrows(IllegalArgumentException.class, () -> Ops.permute(t, 1, 0));

        Tensor tr = Ops.transpose(t, 0, 2); // [d2, d1, d0]
        assertArrayEquals(new long[] {d2, d1, d0}, tr.shape());
        assertArrayEquals(new long[] {1, d2, d1 * d2}, tr.strides());
        double[] te = new double[a.length];
        for (int i = 0; i < d0; i++) for (int j = 0; j < d1; j++) for (int k = 0; k < d2; k++)
            te[(k * d1 + j) * d0 + i] = a[(i * d1 + j) * d2 + k];
        assertClose(te, Ops.contiguous(tr).toFloatArray(), "transpose");
    }

    @Test
    void unsqueezeSqueezeFlattenNarrowExpand() {
        float[] a = randn(rnd, 6);
        Tensor t = Tensor.of(a, 2, 3);
        Tensor u = Ops.unsqueeze(t, 1);
        assertArrayEquals(new long[] {2, 1, 3}, u.shape());
        assertArrayEquals(new long[] {2, 3}, Ops.squeeze(u, 1).shape());
        assertArrayEquals(new long[] {6}, Ops.flatten(Tensor.of(a, 1, 2, 3), 0, 2).shape());
        assertArrayEquals(new long[] {1, 6}, Ops.flatten(Tensor.of(a, 1, 2, 3), 1, 2).shape());
        Tensor n = Ops.narrow(t, 1, 1, 2);
        assertTensor(new double[] {a[1], a[2], a[4], a[5]}, new long[] {2, 2}, n, "narrow");
        Tensor e = Ops.expand(Tensor.of(new float[] {a[0], a[1]}, 2, 1), 2, 3);
        assertTensor(new double[] {a[0], a[0], a[0], a[1], a[1], a[1]}, new long[] {2, 3}, e, "expand");
    }

    @Test
    void catStackSplit() {
        float[] a = randn(rnd, 6), b = randn(rnd, 4);
        Tensor ta = Tensor.of(a, 2, 3), tb = Tensor.of(b, 2, 2);
        Tensor c = Ops.cat(List.of(ta, tb), 1);
        double[] ce = {a[0], a[1], a[2], b[0], b[1], a[3], a[4], a[5], b[2], b[3]};
        assertTensor(ce, new long[] {2, 5}, c, "cat dim 1");
        Tensor c0 = Ops.cat(List.of(ta, ta), 0);
        double[] c0e = new double[12];
        for (int i = 0; i < 12; i++) c0e[i] = a[i % 6];
        assertTensor(c0e, new long[] {4, 3}, c0, "cat dim 0");

        float[] x = randn(rnd, 6);
        Tensor s = Ops.stack(List.of(ta, Tensor.of(x, 2, 3)), 1); // [2, 2, 3]
        double[] se = new double[12];
        for (int i = 0; i < 2; i++) for (int k = 0; k < 3; k++) {
            se[(i * 2) * 3 + k] = a[i * 3 + k];
            se[(i * 2 + 1) * 3 + k] = x[i * 3 + k];
        }
        assertTensor(se, new long[] {2, 2, 3}, s, "stack dim 1");
        assertThrows(IllegalArgumentException.class, () -> Ops.cat(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> Ops.stack(List.of(), 0));

        float[] v = randn(rnd, 14);
        List<Tensor> parts = Ops.split(Tensor.of(v, 7, 2), 3, 0);
        assertEquals(3, parts.size());
        assertTensor(toDouble(Arrays.copyOfRange(v, 0, 6)), new long[] {3, 2}, parts.get(0), "split 0");
        assertTensor(toDouble(Arrays.copyOfRange(v, 6, 12)), new long[] {3, 2}, parts.get(1), "split 1");
        assertTensor(toDouble(Arrays.copyOfRange(v, 12, 14)), new long[] {1, 2}, parts.get(2), "split 2 (remainder)");
        List<Tensor> cols = Ops.split(Tensor.of(v, 7, 2), 1, 1);
        assertEquals(2, cols.size());
        double[] col1 = new double[7];
        for (int i = 0; i < 7; i++) col1[i] = v[i * 2 + 1];
        assertTensor(col1, new long[] {7, 1}, cols.get(1), "split along dim 1");
        List<Tensor> sized = Ops.splitWithSizes(Tensor.of(v, 14), new long[] {5, 9}, 0);
        assertTensor(toDouble(Arrays.copyOfRange(v, 5, 14)), new long[] {9}, sized.get(1), "split_with_sizes");
        assertThrows(IllegalArgumentException.class, () -> Ops.split(Tensor.of(v, 14), 0, 0));
    }

    @Test
    void indexSelectAndIndex() {
        float[] a = randn(rnd, 12);
        Tensor t = Tensor.of(a, 4, 3);
        Tensor rows = Ops.indexSelect(t, 0, Tensor.of(new long[] {3, 0, 3}, 3));
        double[] e = new double[9];
        int[] pick = {3, 0, 3};
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) e[i * 3 + j] = a[pick[i] * 3 + j];
        assertTensor(e, new long[] {3, 3}, rows, "index_select");
        Tensor cols = Ops.index(t, Arrays.asList(null, Tensor.of(new long[] {2, 0}, 2)));
        double[] ce = new double[8];
        for (int i = 0; i < 4; i++) {
            ce[i * 2] = a[i * 3 + 2];
            ce[i * 2 + 1] = a[i * 3];
        }
        assertTensor(ce, new long[] {4, 2}, cols, "index [:, [2, 0]]");
    }

    @Test
    void padConstantAndModes() {
        int h = 2, w = 3;
        float[] a = randn(rnd, h * w);
        Tensor t = Tensor.of(a, 1, h, w);
        // (left 1, right 2, top 0, bottom 1), value 9.5
        Tensor p = Ops.pad(t, new long[] {1, 2, 0, 1}, 9.5);
        int ph = h + 1, pw = w + 3;
        double[] e = new double[ph * pw];
        Arrays.fill(e, 9.5);
        for (int i = 0; i < h; i++) for (int j = 0; j < w; j++) e[i * pw + j + 1] = a[i * w + j];
        assertTensor(e, new long[] {1, ph, pw}, p, "pad constant");
        Tensor r = Ops.pad(Tensor.of(new float[] {1, 2, 3}, 1, 1, 3), new long[] {2, 1}, "reflect");
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2}, r.toFloatArray());
        Tensor rep = Ops.pad(Tensor.of(new float[] {1, 2, 3}, 1, 1, 3), new long[] {1, 2}, "replicate");
        assertArrayEquals(new float[] {1, 1, 2, 3, 3, 3}, rep.toFloatArray());
    }

    // ----- reductions -------------------------------------------------------------------

    @Test
    void sumMeanMaxArgmax() {
        int r = 3, c = 4;
        float[] a = randn(rnd, r * c);
        Tensor t = Tensor.of(a, r, c);
        double total = 0, max = Double.NEGATIVE_INFINITY;
        double[] rowSum = new double[r], colSum = new double[c], rowMax = new double[r];
        long[] rowArg = new long[r], colArg = new long[c];
        double[] colMax = new double[c];
        Arrays.fill(rowMax, Double.NEGATIVE_INFINITY);
        Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double v = a[i * c + j];
                total += v;
                rowSum[i] += v;
                colSum[j] += v;
                max = Math.max(max, v);
                if (v > rowMax[i]) { rowMax[i] = v; rowArg[i] = j; }
                if (v > colMax[j]) { colMax[j] = v; colArg[j] = i; }
            }
        }
        Tensor s = Ops.sum(t);
        assertEquals(0, s.dim());
        assertClose(total, s.item(), "sum");
        assertClose(total / (r * c), Ops.mean(t).item(), "mean");
        assertTensor(rowSum, new long[] {r}, Ops.sum(t, new long[] {1}, false), "sum dim 1");
        assertTensor(colSum, new long[] {1, c}, Ops.sum(t, new long[] {0}, true), "sum dim 0 keepdim");
        assertClose(total, Ops.sum(t, new long[] {0, 1}, false).item(), "sum dims 0,1");
        double[] colMean = colSum.clone();
        for (int j = 0; j < c; j++) colMean[j] /= r;
        assertTensor(colMean, new long[] {c}, Ops.mean(t, new long[] {0}, false), "mean dim 0");
        double[] rowMean = rowSum.clone();
        for (int i = 0; i < r; i++) rowMean[i] /= c;
        assertTensor(rowMean, new long[] {r, 1}, Ops.mean(t, new long[] {-1}, true), "mean dim -1 keepdim");
        assertEquals((float) max, (float) Ops.max(t).item());

        Tensor[] mr = Ops.max(t, 1, false);
        assertTensor(rowMax, new long[] {r}, mr[0], "max dim 1 values");
        assertArrayEquals(rowArg, mr[1].toLongArray(), "max dim 1 indices");
        Tensor[] mc = Ops.max(t, 0, true);
        assertTensor(colMax, new long[] {1, c}, mc[0], "max dim 0 keepdim values");
        assertArrayEquals(colArg, mc[1].toLongArray());
        Tensor am = Ops.argmax(t, 1, false);
        assertEquals(DType.I64, am.dtype());
        assertArrayEquals(rowArg, am.toLongArray(), "argmax dim 1");
        assertArrayEquals(new long[] {c}, Ops.argmax(t, 0, false).shape());
        assertArrayEquals(colArg, Ops.argmax(t, 0, false).toLongArray(), "argmax dim 0");
        assertArrayEquals(new long[] {r, 1}, Ops.argmax(t, 1, true).shape());
    }

    // ----- copies -----------------------------------------------------------------------

    @Test
    void toCopyCloneDetach() {
        float[] a = randn(rnd, 5);
        Tensor t = Tensor.of(a, 5);
        Tensor d = Ops.toCopy(t, DType.F64, null);
        assertEquals(DType.F64, d.dtype());
        assertArrayEquals(toDouble(a), d.toDoubleArray());
        Tensor c = Ops.clone(t);
        assertTrue(c.data().address() != t.data().address());
        Ops.fill_(c, 0);
        assertArrayEquals(a, t.toFloatArray(), "clone must not share storage");
        Tensor det = Ops.detach(t);
        assertEquals(t.data().address(), det.data().address(), "detach shares storage");
    }
}
