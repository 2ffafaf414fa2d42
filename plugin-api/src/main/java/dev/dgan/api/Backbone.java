package dev.dgan.api;

import java.util.Optional;
import java.util.OptionalDouble;
import dev.dgan.runtime.Tensor;

/**
 * A loaded generator: weights on a device, ready to turn latents into images and feature
 * maps. Owns native memory; close it when done. Not thread-safe: libtorch state such as
 * grad mode is per thread, so drive one backbone from one platform thread.
 */
public interface Backbone extends AutoCloseable {

    BackboneInfo info();

    /**
     * Draws one latent per sample. Sample {@code i} depends only on its seed (and class, and
     * the request's truncation), never on the batch it is drawn in, so shards of one run can be
     * drawn independently and still match. The latents carry the request's truncation.
     */
    Latents sample(SampleRequest request);

    /**
     * Runs the generator. Each feature tap listed in {@link BackboneInfo#taps()} is handed to
     * {@code taps} as soon as it is computed, in the listed order; the tensor is borrowed and
     * only valid during the call. Returns the image, [N, channels, resolution, resolution],
     * float32, roughly in [-1, 1] (not clamped), owned by the caller. The truncation is the
     * latents' own ({@link Latents#truncation()}).
     */
    Tensor synthesize(Latents latents, FeatureSink taps);

    /** As {@link #synthesize(Latents, FeatureSink)} without feature taps. */
    default Tensor synthesize(Latents latents) {
        return synthesize(latents, FeatureSink.NONE);
    }

    /**
     * The way back from images to this backbone's latents, when it has one (a VQGAN with its
     * encoder weights); empty for generators that cannot invert their synthesis.
     */
    default Optional<ImageEncoder> encoder() {
        return Optional.empty();
    }

    @Override
    void close();

    /**
     * Floating-point operations of one image's synthesis (2 per multiply-add), counted from the
     * configuration: what {@code dgan bench} divides by time for GFLOP/s. Empty when unknown.
     */
    default OptionalDouble flopsPerImage() {
        return OptionalDouble.empty();
    }
}
