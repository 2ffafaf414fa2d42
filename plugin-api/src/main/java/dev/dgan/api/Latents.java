package dev.dgan.api;

import dev.dgan.runtime.Tensor;

import java.util.Optional;

/**
 * A batch of latents, owning its tensors. Either input latents {@code z} [N, zDim] that go
 * through the mapping network, or intermediate latents that skip it: {@code w} [N, wDim]
 * (broadcast to every layer) or {@code ws} [N, numWs, wDim]; or, for vector-quantized
 * backbones, int64 code indices {@code codes} [N, h, w]. Class labels {@code c} are
 * int64 ids [N] for class-conditional backbones. {@code truncation} is the psi the samples were
 * drawn at (1: none), carried here so that sampling and synthesis cannot disagree: StyleGAN
 * applies it in latent space, BigGAN-deep also picks its batch-norm statistics by it.
 */
public record Latents(Kind kind, Tensor values, Optional<Tensor> classes, double truncation) implements AutoCloseable {

    public enum Kind {
        /** input latent, [N, zDim] */
        Z,
        /** one intermediate latent per sample, [N, wDim] */
        W,
        /** one intermediate latent per layer, [N, numWs, wDim] */
        WS,
        /** discrete code indices of a vector-quantized backbone (VQGAN), int64 [N, h, w] */
        CODES
    }

    public Latents {
        if (kind == null || values == null) throw new IllegalArgumentException("latent kind and values are required");
        classes = classes == null ? Optional.empty() : classes;
        if (!(truncation >= 0) || Double.isInfinite(truncation))
            throw new IllegalArgumentException("truncation psi must be a finite number >= 0, got " + truncation);
    }

    /** Latents without truncation. */
    public Latents(Kind kind, Tensor values, Optional<Tensor> classes) {
        this(kind, values, classes, 1.0);
    }

    public static Latents z(Tensor z) {
        return new Latents(Kind.Z, z, Optional.empty());
    }

    /**
     * The same tensors at another truncation. The result takes over the tensors: close it, not
     * this record (closing both is harmless, tensors close once).
     */
    public Latents withTruncation(double psi) {
        return new Latents(kind, values, classes, psi);
    }

    public long count() {
        return values.shape()[0];
    }

    @Override
    public void close() {
        values.close();
        classes.ifPresent(Tensor::close);
    }
}
