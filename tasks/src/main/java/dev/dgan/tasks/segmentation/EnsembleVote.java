package dev.dgan.tasks.segmentation;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.mlp.TileSink;
import dev.dgan.tasks.uncertainty.JensenShannon;

/**
 * Collects one sample's ensemble logits band by band: per-pixel vote counts, summed
 * probabilities and summed entropies, from which {@link #finish} makes the majority label
 * (ties to the lower class id, as torch.mode does) and the Jensen-Shannon map.
 */
public final class EnsembleVote implements TileSink, AutoCloseable {

    /** One sample's labels (row-major class ids) and per-pixel divergence. */
    public record Result(byte[] labels, float[] divergence) {}

    private final int classes, width, height;
    private final Tensor votes;       // [pixels, classes], counts held exactly in float
    private final Tensor probSum;     // [classes, pixels]
    private final Tensor negEntropy;  // [pixels]

    public EnsembleVote(int classes, int width, int height, Device device) {
        this.classes = classes;
        this.width = width;
        this.height = height;
        long pixels = (long) width * height;
        votes = TensorScope.release(Ops.zeros(DType.F32, device, pixels, classes));
        probSum = TensorScope.release(Ops.zeros(DType.F32, device, classes, pixels));
        negEntropy = TensorScope.release(Ops.zeros(DType.F32, device, pixels));
    }

    @Override
    public void accept(int firstModel, Tensor logits, int y0, int rows) {
        if (logits.size(1) != classes) throw new IllegalArgumentException("expected " + classes + " class logits, got " + logits.size(1));
        try (TensorScope scope = TensorScope.open()) {
            long start = (long) y0 * width, n = (long) rows * width;
            // the first model chunk writes, later ones add (one chunk covers every model unless memory says otherwise)
            boolean first = firstModel == 0;
            Tensor[] sums = JensenShannon.partialSums(logits);
            accumulate(Ops.narrow(probSum, 1, start, n), sums[0], first);
            accumulate(Ops.narrow(negEntropy, 0, start, n), sums[1], first);
            // votes: each model's pick adds one to (pixel, class), in place
            Tensor picks = Ops.transpose(Ops.argmax(logits, 1, false), 0, 1); // [pixels, models]
            Ops.scatterAdd_(Ops.narrow(votes, 0, start, n), 1, picks, Ops.ones(DType.F32, logits.device(), n, logits.size(0)));
        }
    }

    private static void accumulate(Tensor view, Tensor add, boolean first) {
        view.copyFrom(first ? add : Ops.add(view, add));
    }

    public Result finish(int models) {
        try (TensorScope scope = TensorScope.open()) {
            byte[] labels = Ops.toCopy(Ops.argmax(votes, 1, false), DType.U8, Device.CPU).toByteArray();
            float[] js = Ops.toCopy(JensenShannon.divergence(probSum, negEntropy, models), DType.F32, Device.CPU).toFloatArray();
            return new Result(labels, js);
        }
    }

    @Override
    public void close() {
        votes.close();
        probSum.close();
        negEntropy.close();
    }
}
