package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * taming's {@code VectorQuantizer2} in eval mode (no remap, {@code sane_index_shape} off):
 * the codebook lookup both ways.
 */
public final class VectorQuantizer {

    /** What quantizing a latent gives; owns its tensors. */
    public record Quantized(Tensor zq, Tensor indices, Tensor loss) implements AutoCloseable {
        @Override
        public void close() {
            zq.close();
            indices.close();
            loss.close();
        }
    }

    private final VqConfig config;
    private final Tensor codebook;

    VectorQuantizer(VqConfig config, Weights weights) {
        this.config = config;
        this.codebook = weights.get("quantize.embedding.weight");
    }

    /**
     * The nearest code of every position of {@code z} [N, embed_dim, h, w], by the reference's
     * distance {@code |z|^2 + |e|^2 - 2 z.e} in exactly that expanded form (it rounds unlike
     * {@code |z - e|^2}); ties go to the lowest index, as torch.argmin. Returns
     * {@code zq = z + (e - z)} NCHW (the straight-through value, which is not bit-identical to
     * the rows), int64 indices [N, h, w], and the loss value {@code (1 + beta) * mse(e, z)}
     * with beta 0.25 (the legacy flag only changes which term carries beta's gradient).
     */
    Quantized quantize(Tensor z) {
        long n = z.size(0), c = z.size(1), h = z.size(2), w = z.size(3);
        if (c != config.embedDim()) {
            throw new IllegalArgumentException("quantize: expected " + config.embedDim() + " channels, got " + c);
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor flat = Ops.reshape(Ops.contiguous(Ops.permute(z, 0, 2, 3, 1)), n * h * w, c);
            Tensor zz = Ops.sum(Ops.square(flat), new long[] {1}, true);
            Tensor ee = Ops.sum(Ops.square(codebook), new long[] {1}, false);
            Tensor ze = Ops.mm(flat, Ops.transpose(codebook, 0, 1));
            Tensor d = Ops.sub(Ops.add(zz, ee), Ops.mul(ze, 2.0));
            // argmin as argmax of the negation: negation is exact, and both pick the first extreme
            Tensor idx = Ops.argmax(Ops.neg(d), 1, false);
            Tensor rows = NN.embedding(codebook, idx);
            Tensor loss = Ops.mul(NN.mseLoss(rows, flat), 1.25);
            Tensor zqFlat = Ops.add(flat, Ops.sub(rows, flat));
            Tensor zq = Ops.contiguous(Ops.permute(Ops.reshape(zqFlat, n, h, w, c), 0, 3, 1, 2));
            return new Quantized(s.keep(zq), s.keep(Ops.reshape(idx, n, h, w)), s.keep(loss));
        }
    }

    /** {@code get_codebook_entry}: the codebook rows of int64 {@code indices} [N, h, w], as NCHW. */
    Tensor lookup(Tensor indices) {
        if (indices.dim() != 3) throw new IllegalArgumentException("codes: expected [N, h, w], got " + indices);
        long n = indices.size(0), h = indices.size(1), w = indices.size(2);
        try (TensorScope s = TensorScope.open()) {
            Tensor idx = Ops.toCopy(indices, DType.I64, codebook.device());
            Tensor rows = NN.embedding(codebook, Ops.reshape(idx, -1));
            return s.keep(Ops.contiguous(Ops.permute(Ops.reshape(rows, n, h, w, config.embedDim()), 0, 3, 1, 2)));
        }
    }
}
