package dev.dgan.runtime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Random;

import static dev.dgan.runtime.TestSupport.assertClose;
import static dev.dgan.runtime.TestSupport.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradients from libtorch's autograd against gradients derived by hand. */
@ExtendWith(ScopePerTest.class)
class AutogradTest {

    private static final int B = 3, IN = 4, OUT = 5;

    private final Random rnd = new Random(31337);
    private float[] x, w, b;

    @BeforeEach
    void setUp() {
        x = randn(rnd, B * IN);
        w = randn(rnd, OUT * IN);
        b = randn(rnd, OUT, 0.5);
    }

    /** loss = sum(relu(x W^T + b)^2). */
    private static Tensor mlpLoss(Tensor tx, Tensor tw, Tensor tb) {
        return Ops.sum(Ops.square(NN.relu(NN.linear(tx, tw, tb))));
    }

    /** {dL/dx, dL/dW, dL/db, L, number of h <= 0} by hand: dL/dh = 2 relu(h). */
    private double[][] analytic() {
        double[] dx = new double[B * IN], dw = new double[OUT * IN], db = new double[OUT];
        double loss = 0, inactive = 0;
        for (int n = 0; n < B; n++) {
            for (int o = 0; o < OUT; o++) {
                double h = b[o];
                for (int i = 0; i < IN; i++) h += (double) x[n * IN + i] * w[o * IN + i];
                double r = Math.max(h, 0);
                if (h <= 0) inactive++;
                loss += r * r;
                double dh = 2 * r;
                db[o] += dh;
                for (int i = 0; i < IN; i++) {
                    dw[o * IN + i] += dh * x[n * IN + i];
                    dx[n * IN + i] += dh * w[o * IN + i];
                }
            }
        }
        return new double[][] {dx, dw, db, {loss}, {inactive}};
    }

    @Test
    void mlpGradientsMatchTheAnalyticGradient() {
        Tensor tx = Tensor.of(x, B, IN), tw = Tensor.of(w, OUT, IN), tb = Tensor.of(b, OUT);
        for (Tensor t : List.of(tx, tw, tb)) {
            Autograd.requiresGrad(t, true);
            assertNull(Autograd.grad(t), "no gradient before backward");
        }
        Tensor loss = mlpLoss(tx, tw, tb);
        double[][] e = analytic();
        // the relu must cut some pre-activations and pass others for the check to mean something
        assertTrue(e[4][0] > 0 && e[4][0] < B * OUT, e[4][0] + " inactive units");
        assertClose(e[3][0], loss.item(), "loss");
        Autograd.backward(loss);
        Tensor gx = Autograd.grad(tx), gw = Autograd.grad(tw), gb = Autograd.grad(tb);
        assertArrayEquals(new long[] {B, IN}, gx.shape());
        assertClose(e[0], gx.toFloatArray(), "dL/dx");
        assertClose(e[1], gw.toFloatArray(), "dL/dW");
        assertClose(e[2], gb.toFloatArray(), "dL/db");
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor tx = Tensor.of(x, B, IN), tw = Tensor.of(w, OUT, IN), tb = Tensor.of(b, OUT);
        Autograd.requiresGrad(tw, true);
        Autograd.requiresGrad(tb, true);
        Autograd.backward(mlpLoss(tx, tw, tb));
        Autograd.backward(mlpLoss(tx, tw, tb));
        double[][] e = analytic();
        double[] twice = e[1].clone();
        for (int i = 0; i < twice.length; i++) twice[i] *= 2;
        assertClose(twice, Autograd.grad(tw).toFloatArray(), "dL/dW after two backward calls");
        assertNull(Autograd.grad(tx), "x does not require grad");
        // zeroing through the returned handle zeroes the accumulated gradient itself
        Ops.zero_(Autograd.grad(tw));
        assertArrayEquals(new float[OUT * IN], Autograd.grad(tw).toFloatArray());
        Autograd.backward(mlpLoss(tx, tw, tb));
        assertClose(e[1], Autograd.grad(tw).toFloatArray(), "dL/dW after zeroing and one more backward");
    }

    @Test
    void backwardIntoSelectedInputsOnly() {
        Tensor tx = Tensor.of(x, B, IN), tw = Tensor.of(w, OUT, IN), tb = Tensor.of(b, OUT);
        Autograd.requiresGrad(tw, true);
        Autograd.requiresGrad(tb, true);
        Autograd.backward(mlpLoss(tx, tw, tb), List.of(tb));
        assertNull(Autograd.grad(tw), "W was not among the inputs");
        assertClose(analytic()[2], Autograd.grad(tb).toFloatArray(), "dL/db");
    }

    @Test
    void backwardNeedsAOneElementLoss() {
        Tensor tw = Tensor.of(w, OUT, IN);
        Autograd.requiresGrad(tw, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.backward(Ops.mul(tw, 2.0)));
        assertTrue(e.getMessage().contains("[5, 4]"), e.getMessage());
    }

    @Test
    void noGradDisablesRecording() {
        Tensor tw = Tensor.of(w, OUT, IN);
        Autograd.requiresGrad(tw, true);
        assertTrue(Autograd.isGradEnabled());
        Tensor loss;
        try (var ng = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            try (var inner = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
            }
            assertFalse(Autograd.isGradEnabled(), "closing a nested noGrad restores the outer state");
            loss = Ops.sum(Ops.square(tw));
        }
        assertTrue(Autograd.isGradEnabled());
        long live = Tensor.liveCount();
        TorchException ex = assertThrows(TorchException.class, () -> Autograd.backward(loss));
        TorchMessages.assertCarries(ex.getMessage(), "does not require grad");
        assertEquals(live, Tensor.liveCount());
        assertNull(Autograd.grad(tw));
        // with recording on, the same expression has a gradient: 2 W
        Autograd.backward(Ops.sum(Ops.square(tw)));
        double[] e = new double[w.length];
        for (int i = 0; i < w.length; i++) e[i] = 2.0 * w[i];
        assertClose(e, Autograd.grad(tw).toFloatArray(), "d sum(W^2)/dW");
    }

    @Test
    void gradIsASecondOwnerOfTheGradient() {
        Tensor tw = Tensor.of(w, OUT, IN);
        Autograd.requiresGrad(tw, true);
        Autograd.backward(Ops.sum(tw));
        Tensor g1 = Autograd.grad(tw);
        Tensor g2 = Autograd.grad(tw);
        assertNotNull(g1);
        assertEquals(g1.data().address(), g2.data().address());
        g1.close();
        float[] ones = new float[OUT * IN];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, g2.toFloatArray(), "closing one grad handle leaves the gradient alive");
    }
}
