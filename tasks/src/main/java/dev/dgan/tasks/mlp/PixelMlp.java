package dev.dgan.tasks.mlp;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.List;

/**
 * One pixel classifier (DatasetGAN's MLP) over tensors it owns or borrows: inputs [P, in] to
 * outputs [P, out]. BatchNorm uses batch statistics in training and running statistics
 * otherwise, as torch.nn.BatchNorm1d does (eps 1e-5, momentum 0.1).
 */
public final class PixelMlp implements AutoCloseable {

    static final double BN_EPS = 1e-5;
    static final double BN_MOMENTUM = 0.1;

    /** Tensor names, in the order {@link #tensors()} lists them. */
    public static final List<String> NAMES = List.of(
            "l1.weight", "l1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
            "l2.weight", "l2.bias", "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var",
            "l3.weight", "l3.bias");

    final Tensor w1, b1, g1, beta1, mean1, var1, w2, b2, g2, beta2, mean2, var2, w3, b3;
    private final boolean owned;

    PixelMlp(List<Tensor> t, boolean owned) {
        if (t.size() != NAMES.size()) throw new IllegalArgumentException("a pixel MLP has " + NAMES.size() + " tensors, got " + t.size());
        w1 = t.get(0); b1 = t.get(1); g1 = t.get(2); beta1 = t.get(3); mean1 = t.get(4); var1 = t.get(5);
        w2 = t.get(6); b2 = t.get(7); g2 = t.get(8); beta2 = t.get(9); mean2 = t.get(10); var2 = t.get(11);
        w3 = t.get(12); b3 = t.get(13);
        this.owned = owned;
    }

    /**
     * DatasetGAN's initialisation: linear weights N(0, std), biases 0; BatchNorm scale 1,
     * shift 0, running mean 0 and variance 1. Weights require gradients.
     */
    public static PixelMlp initialized(MlpShape s, Generator generator, double std, Device device) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> t = List.of(
                    Ops.normal(generator, 0, std, DType.F32, device, s.hidden1(), s.inputs()), Ops.zeros(DType.F32, device, s.hidden1()),
                    Ops.ones(DType.F32, device, s.hidden1()), Ops.zeros(DType.F32, device, s.hidden1()),
                    Ops.zeros(DType.F32, device, s.hidden1()), Ops.ones(DType.F32, device, s.hidden1()),
                    Ops.normal(generator, 0, std, DType.F32, device, s.hidden2(), s.hidden1()), Ops.zeros(DType.F32, device, s.hidden2()),
                    Ops.ones(DType.F32, device, s.hidden2()), Ops.zeros(DType.F32, device, s.hidden2()),
                    Ops.zeros(DType.F32, device, s.hidden2()), Ops.ones(DType.F32, device, s.hidden2()),
                    Ops.normal(generator, 0, std, DType.F32, device, s.outputs(), s.hidden2()), Ops.zeros(DType.F32, device, s.outputs()));
            t.forEach(TensorScope::release);
            PixelMlp mlp = new PixelMlp(t, true);
            for (Tensor p : mlp.parameters()) Autograd.requiresGrad(p, true);
            return mlp;
        }
    }

    /** Borrows {@code tensors} (in {@link #NAMES} order), for example views of one ensemble member. */
    public static PixelMlp view(List<Tensor> tensors) {
        return new PixelMlp(tensors, false);
    }

    /** The trainable tensors (linear weights and biases, BatchNorm scale and shift). */
    public List<Tensor> parameters() {
        return List.of(w1, b1, g1, beta1, w2, b2, g2, beta2, w3, b3);
    }

    public List<Tensor> tensors() {
        return List.of(w1, b1, g1, beta1, mean1, var1, w2, b2, g2, beta2, mean2, var2, w3, b3);
    }

    public Tensor forward(Tensor x, boolean training) {
        Tensor h = NN.relu(NN.linear(x, w1, b1));
        h = NN.batchNorm(h, g1, beta1, mean1, var1, training, BN_MOMENTUM, BN_EPS);
        h = NN.relu(NN.linear(h, w2, b2));
        h = NN.batchNorm(h, g2, beta2, mean2, var2, training, BN_MOMENTUM, BN_EPS);
        return NN.linear(h, w3, b3);
    }

    @Override
    public void close() {
        if (owned) tensors().forEach(Tensor::close);
    }
}
