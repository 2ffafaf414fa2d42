package dev.dgan.api;

import java.util.List;

/**
 * What a loaded backbone is: enough for a task to size its heads and for the host to
 * validate user input before any native call.
 *
 * @param name            backbone family, as {@link BackboneProvider#name()}
 * @param variant         the checkpoint layout it was read from, e.g. {@code nvlabs}
 * @param resolution      output image side in pixels
 * @param imageChannels   output image channels (3 for RGB)
 * @param conditioning    unconditional or class-conditional
 * @param zDim            size of one input latent z
 * @param wDim            size of one intermediate latent w (0 if the backbone has none)
 * @param numWs           number of per-layer w vectors the synthesis consumes (0 if none)
 * @param taps            feature maps produced by {@link Backbone#synthesize}, in order
 */
public record BackboneInfo(String name, String variant, int resolution, int imageChannels,
                           Conditioning conditioning, int zDim, int wDim, int numWs,
                           List<FeatureTap> taps) {

    public BackboneInfo {
        taps = List.copyOf(taps);
    }

    /** Sum of the channels of all taps: the per-pixel feature size DatasetGAN consumes. */
    public int tapChannels() {
        return taps.stream().mapToInt(FeatureTap::channels).sum();
    }
}
