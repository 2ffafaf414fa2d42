package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.dgan.runtime.TestSupport.randn;
import static dev.dgan.runtime.TestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Adam over _fused_adam_ against a plain-Java torch.optim.Adam. */
class AdamTest {

    /** torch.optim.Adam (amsgrad off, maximize off), in double precision. */
    private static final class JavaAdam {
        final double lr, beta1, beta2, eps, wd;
        final double[] m, v;
        int t;

        JavaAdam(int n, double lr, double beta1, double beta2, double eps, double wd) {
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.wd = wd;
            m = new double[n];
            v = new double[n];
        }

        void step(double[] p, double[] grad) {
            t++;
            double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
            for (int i = 0; i < p.length; i++) {
                double g = grad[i] + wd * p[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / bc1, vHat = v[i] / bc2;
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
    }

    private static void assertWithin(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tol) {
                fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    /**
     * Minimises sum_i c_i (p_i - t_i)^2 over two parameters for {@code steps} steps (zeroGrad,
     * forward, backward, step), in libtorch and in Java, and compares the parameters after each.
     */
    private static void runQuadratic(long seed, int steps, double lr, double beta1, double beta2, double eps, double wd,
                                     boolean defaults) {
        Random r = new Random(seed);
        float[] p1 = randn(r, 4), p2 = randn(r, 6), t1 = randn(r, 4), t2 = randn(r, 6);
        float[] c1 = TestSupport.uniform(r, 4, 0.1, 3), c2 = TestSupport.uniform(r, 6, 0.1, 3);
        float[] frozen = randn(r, 3);
        long live = Tensor.liveCount();
        try (TensorScope s = TensorScope.open()) {
            Tensor tp1 = Tensor.of(p1, 4), tp2 = Tensor.of(p2, 2, 3), unused = Tensor.of(frozen, 3);
            Tensor tt1 = Tensor.of(t1, 4), tt2 = Tensor.of(t2, 2, 3), tc1 = Tensor.of(c1, 4), tc2 = Tensor.of(c2, 2, 3);
            for (Tensor p : List.of(tp1, tp2, unused)) Autograd.requiresGrad(p, true);
            double[] j1 = toDouble(p1), j2 = toDouble(p2);
            JavaAdam a1 = new JavaAdam(4, lr, beta1, beta2, eps, wd), a2 = new JavaAdam(6, lr, beta1, beta2, eps, wd);
            try (Adam adam = defaults ? new Adam(List.of(tp1, tp2, unused), lr)
                    : new Adam(List.of(tp1, tp2, unused), lr, beta1, beta2, eps, wd)) {
                for (int step = 1; step <= steps; step++) {
                    try (TensorScope it = TensorScope.open()) {
                        adam.zeroGrad();
                        Tensor loss = Ops.add(Ops.sum(Ops.mul(Ops.square(Ops.sub(tp1, tt1)), tc1)),
                                Ops.sum(Ops.mul(Ops.square(Ops.sub(tp2, tt2)), tc2)));
                        Autograd.backward(loss);
                        adam.step();
                    }
                    double[] g1 = new double[4], g2 = new double[6];
                    for (int i = 0; i < 4; i++) g1[i] = 2 * c1[i] * (j1[i] - t1[i]);
                    for (int i = 0; i < 6; i++) g2[i] = 2 * c2[i] * (j2[i] - t2[i]);
                    a1.step(j1, g1);
                    a2.step(j2, g2);
                    assertWithin(j1, tp1.toFloatArray(), 1e-6, "p1 after step " + step);
                    assertWithin(j2, tp2.toFloatArray(), 1e-6, "p2 after step " + step);
                }
                assertArrayEquals(frozen, unused.toFloatArray(), "a parameter without a gradient is skipped");
                assertNull(Autograd.grad(unused));
                adam.zeroGrad();
                assertArrayEquals(new float[4], Autograd.grad(tp1).toFloatArray(), "zeroGrad");
                assertArrayEquals(new float[6], Autograd.grad(tp2).toFloatArray(), "zeroGrad");
                assertArrayEquals(new long[] {2, 3}, Autograd.grad(tp2).shape());
            }
        }
        assertEquals(live, Tensor.liveCount(), "optimizer state and parameters are freed");
    }

    @Test
    void defaultsMatchTorchOptimAdamOverThreeSteps() {
        runQuadratic(1, 3, 0.1, 0.9, 0.999, 1e-8, 0, true);
    }

    @Test
    void customBetasEpsAndWeightDecayMatch() {
        runQuadratic(2, 3, 0.05, 0.8, 0.99, 1e-3, 0.1, false);
    }

    @Test
    void manyStepsStayInStep() {
        runQuadratic(3, 20, 0.01, 0.9, 0.999, 1e-8, 0, false);
    }

    @Test
    void rejectsNonPositiveLearningRate() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), Double.NaN));
    }
}
