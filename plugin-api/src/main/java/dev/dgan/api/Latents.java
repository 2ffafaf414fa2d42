package dev.dgan.api;

import dev.dgan.runtime.Tensor;

import java.util.Optional;

/**
 * A batch of latents, owning its tensors. Either input latents {@code z} [N, zDim] that go
 * through the mapping network, or intermediate latents that skip it: {@code w} [N, wDim]
 * (broadcast to every layer) or {@code ws} [N, numWs, wDim]; or, for vector-quantized
 * backbones, int64 code indices {@code codes} [N, h, w]. Class labels {@code c} are
 * int64 ids [N] for class-conditional backbones.
 */
public record Latents(Kind kind, Tensor values, Optional<Tensor> classes) implements AutoCloseable {

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
    }

    public static Latents z(Tensor z) {
        return new Latents(Kind.Z, z, Optional.empty());
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
