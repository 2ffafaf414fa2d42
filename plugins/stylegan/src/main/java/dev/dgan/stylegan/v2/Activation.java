package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/** The reference's bias_act after the bias: activation, times its gain, optional clamp. */
final class Activation {

    private Activation() {}

    /**
     * act(x) * actGain(act) * gain, then clamped to +-clamp when clamp is non-null. lrelu has
     * slope 0.2; lrelu and relu have gain sqrt(2), linear 1.
     */
    static Tensor apply(Tensor x, String act, double gain, Double clamp) {
        try (TensorScope s = TensorScope.open()) {
            Tensor y = switch (act) {
                case "lrelu" -> NN.leakyRelu(x, 0.2);
                case "relu" -> NN.relu(x);
                case "linear" -> x.share();
                default -> throw new IllegalArgumentException("activation " + act);
            };
            double g = StyleGan2Config.activationGain(act) * gain;
            if (g != 1) y = Ops.mul(y, g);
            if (clamp != null) y = Ops.clamp(y, -clamp, clamp);
            return s.keep(y);
        }
    }
}
