package dev.dgan.tasks.uncertainty;

import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

/**
 * Jensen-Shannon divergence across an ensemble, per pixel: JS = H(mean_i p_i) - mean_i H(p_i),
 * in nats, from the models' softmax outputs. It is 0 where all models agree and at most
 * log(models) where they are sure and disagree.
 */
public final class JensenShannon {

    private JensenShannon() {}

    /**
     * Per-tile sums the divergence needs, from logits [models, classes, pixels]:
     * {sum over models of p [classes, pixels], sum over models of sum_c p log p [pixels]}.
     */
    public static Tensor[] partialSums(Tensor logits) {
        Tensor logp = NN.logSoftmax(logits, 1);
        Tensor p = Ops.exp(logp);
        Tensor probSum = Ops.sum(p, new long[] {0}, false);
        Tensor negEntropySum = Ops.sum(Ops.mul(p, logp), new long[] {0, 1}, false);
        return new Tensor[] {probSum, negEntropySum};
    }

    /** The divergence [pixels] from the sums over all {@code models} models. */
    public static Tensor divergence(Tensor probSum, Tensor negEntropySum, int models) {
        Tensor mean = Ops.div(probSum, models);
        // 0 log 0 = 0: the clamp only keeps log finite where the mean is exactly 0
        Tensor entropyOfMean = Ops.neg(Ops.sum(Ops.mul(mean, Ops.log(Ops.clamp(mean, 1e-30, 1.0))), new long[] {0}, false));
        Tensor meanEntropy = Ops.neg(Ops.div(negEntropySum, models));
        return Ops.clamp(Ops.sub(entropyOfMean, meanEntropy), 0.0, Double.MAX_VALUE);
    }
}
