package dev.dgan.api;

import dev.dgan.runtime.Tensor;

import java.util.Optional;

/**
 * What a backbone that can invert its generator offers (e.g. a VQGAN's encoder): images back
 * to the latents {@link Backbone#synthesize} takes, so real or elsewhere-rendered images can be
 * re-rendered, tapped and annotated like drawn samples. Backbones that cannot encode return
 * no encoder from {@link Backbone#encoder()}.
 */
@FunctionalInterface
public interface ImageEncoder {

    /**
     * Latents for {@code images}, float32 [N, channels, resolution, resolution] in [-1, 1]
     * ({@code pixel / 127.5 - 1}), on any device; borrowed. {@code classIds} gives one class id
     * per image for class-conditional backbones (attached to the latents as {@code c}) and is
     * empty otherwise. The returned latents are owned by the caller.
     */
    Latents encode(Tensor images, Optional<int[]> classIds);
}
