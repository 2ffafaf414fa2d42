package dev.dgan.host.evaluate;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two 3x3 convolutions, each followed by BatchNorm and ReLU: the unit every U-Net level is made
 * of. The convolutions carry no bias because the BatchNorm after them would cancel it.
 */
final class ConvBlock implements AutoCloseable {

    static final double BN_EPS = 1e-5;
    static final double BN_MOMENTUM = 0.1;

    private final Tensor w1, g1, b1, mean1, var1, w2, g2, b2, mean2, var2;

    private ConvBlock(List<Tensor> t) {
        w1 = t.get(0); g1 = t.get(1); b1 = t.get(2); mean1 = t.get(3); var1 = t.get(4);
        w2 = t.get(5); g2 = t.get(6); b2 = t.get(7); mean2 = t.get(8); var2 = t.get(9);
    }

    /** He-normal convolution weights (ReLU follows), BatchNorm scale 1 and shift 0; parameters require gradients. */
    static ConvBlock initialized(int in, int out, Generator g, Device device) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> t = new ArrayList<>();
            for (int conv = 0; conv < 2; conv++) {
                int cin = conv == 0 ? in : out;
                t.add(Ops.normal(g, 0, Math.sqrt(2.0 / (9.0 * cin)), DType.F32, device, out, cin, 3, 3));
                t.add(Ops.ones(DType.F32, device, out));
                t.add(Ops.zeros(DType.F32, device, out));
                t.add(Ops.zeros(DType.F32, device, out));
                t.add(Ops.ones(DType.F32, device, out));
            }
            t.forEach(TensorScope::release);
            ConvBlock block = new ConvBlock(t);
            for (Tensor p : block.parameters()) Autograd.requiresGrad(p, true);
            return block;
        }
    }

    Tensor forward(Tensor x, boolean training) {
        Tensor h = NN.conv2d(x, w1, null, 1, 1);
        h = NN.relu(NN.batchNorm(h, g1, b1, mean1, var1, training, BN_MOMENTUM, BN_EPS));
        h = NN.conv2d(h, w2, null, 1, 1);
        return NN.relu(NN.batchNorm(h, g2, b2, mean2, var2, training, BN_MOMENTUM, BN_EPS));
    }

    List<Tensor> parameters() {
        return List.of(w1, g1, b1, w2, g2, b2);
    }

    /** Every tensor under {@code prefix}, named as torch.nn would name them. */
    void putTensors(String prefix, Map<String, Tensor> into) {
        String[] names = {"conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "conv2.weight", "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var"};
        List<Tensor> all = List.of(w1, g1, b1, mean1, var1, w2, g2, b2, mean2, var2);
        for (int i = 0; i < names.length; i++) into.put(prefix + names[i], all.get(i));
    }

    @Override
    public void close() {
        for (Tensor t : List.of(w1, g1, b1, mean1, var1, w2, g2, b2, mean2, var2)) t.close();
    }
}
