package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.List;

/**
 * The branch's loss over a batch of annotated label maps. Foreground/background (one logit):
 * binary cross-entropy with logits, every class id above 0 counting as foreground, as
 * BigDatasetGAN trains it. Several classes: cross-entropy over one logit per class. Void
 * pixels (255) are left out of both; the loss is the mean over the rest.
 */
record BranchTargets(boolean binary, Tensor target, Tensor valid, long labeled) {

    static BranchTargets of(List<LabelMap> maps, boolean binary, Device device) {
        int w = maps.get(0).width(), h = maps.get(0).height(), n = maps.size();
        byte[] all = new byte[n * w * h];
        for (int i = 0; i < n; i++) System.arraycopy(maps.get(i).labels(), 0, all, i * w * h, w * h);
        Tensor ids = Ops.toCopy(Tensor.of(all, DType.U8, n, h, w), DType.I64, device);
        Tensor labeledPixels = Ops.gt(Ops.full(LabelMap.VOID, DType.I64, device), ids);
        long labeled = (long) Ops.sum(labeledPixels).item();
        if (!binary) return new BranchTargets(false, ids, null, labeled);
        Tensor valid = Ops.reshape(Ops.toCopy(labeledPixels, DType.F32, null), n, 1, h, w);
        Tensor object = Ops.reshape(Ops.toCopy(Ops.gt(ids, Ops.zeros(DType.I64, device)), DType.F32, null), n, 1, h, w);
        return new BranchTargets(true, Ops.mul(object, valid), valid, labeled);
    }

    /** Mean loss of logits [N, outputs, h, w] over the labeled pixels. */
    Tensor loss(Tensor logits) {
        if (!binary) return NN.crossEntropy(logits, target, LabelMap.VOID);
        // max(x, 0) - x t + log(1 + exp(-|x|)): BCE with logits, stable for large |x|
        Tensor x = logits;
        Tensor perPixel = Ops.add(Ops.sub(NN.relu(x), Ops.mul(x, target)), Ops.log(Ops.add(Ops.exp(Ops.neg(Ops.abs(x))), 1.0)));
        return Ops.div(Ops.sum(Ops.mul(perPixel, valid)), Math.max(1, labeled));
    }

    /** Labeled pixels the logits get right. */
    long correct(Tensor logits) {
        Tensor right;
        if (binary) {
            Tensor predicted = Ops.toCopy(Ops.gt(logits, Ops.zeros(DType.F32, logits.device())), DType.F32, null);
            right = Ops.mul(Ops.eq(predicted, target), valid);
        } else {
            Tensor predicted = Ops.argmax(logits, 1, false);
            right = Ops.eq(predicted, target);
        }
        return (long) Ops.sum(Ops.toCopy(right, DType.F64, null)).item();
    }
}
