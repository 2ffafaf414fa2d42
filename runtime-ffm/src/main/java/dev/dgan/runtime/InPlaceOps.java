package dev.dgan.runtime;

import java.util.Arrays;

/**
 * Operators that write into an existing tensor instead of allocating their result. On a hot
 * path over full-resolution maps each new result is one more pass over memory (and fresh pages
 * to fault in); these keep an accumulator in place.
 */
public final class InPlaceOps {

    private InPlaceOps() {}

    /**
     * {@code out = a @ b} written into {@code out}, which may be a strided view such as a column
     * block of a larger matrix: the GEMM writes it through its leading dimension, no copy.
     */
    public static void mmInto(Tensor a, Tensor b, Tensor out) {
        long[] sa = a.shape(), sb = b.shape(), so = out.shape();
        if (sa.length != 2 || sb.length != 2 || so.length != 2 || sa[1] != sb[0] || so[0] != sa[0] || so[1] != sb[1]) {
            throw new IllegalArgumentException("mmInto: expected [n,k] x [k,m] into [n,m], got " + Arrays.toString(sa) + " x "
                    + Arrays.toString(sb) + " into " + Arrays.toString(so));
        }
        OpCall.of("aten::mm", "out").tensor(a).tensor(b).tensor(out).call1().close();
    }

    /**
     * {@code acc += m1 @ m2}: one GEMM with beta 1. linear.out with the accumulator as both its
     * bias and its output is addmm_out(acc, acc, m1, m2); addmm's own Scalar coefficients cannot
     * be passed through the dispatcher.
     */
    public static void addmm(Tensor acc, Tensor m1, Tensor m2) {
        long[] sa = acc.shape(), s1 = m1.shape(), s2 = m2.shape();
        if (sa.length != 2 || s1.length != 2 || s2.length != 2 || s1[1] != s2[0] || sa[0] != s1[0] || sa[1] != s2[1]) {
            throw new IllegalArgumentException("addmm: expected [n,m] += [n,k] x [k,m], got " + Arrays.toString(sa) + " += "
                    + Arrays.toString(s1) + " x " + Arrays.toString(s2));
        }
        try (Tensor m2t = Ops.transpose(m2, 0, 1)) {
            OpCall.of("aten::linear", "out").tensor(m1).tensor(m2t).optTensor(acc).tensor(acc).call1().close();
        }
    }

    /** max(x, 0) in place. */
    public static void relu(Tensor x) {
        Ops.unary("aten::relu_", x).close();
    }
}
