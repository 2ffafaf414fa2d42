package dev.dgan.api;

import java.util.List;
import java.util.Optional;

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
 * @param levels          how the spatial taps group into coarse-to-fine levels for
 *                        convolutional interpreters (see {@link TapLevel#derive})
 */
public record BackboneInfo(String name, String variant, int resolution, int imageChannels,
                           Conditioning conditioning, int zDim, int wDim, int numWs,
                           List<FeatureTap> taps, List<TapLevel> levels) {

    public BackboneInfo {
        taps = List.copyOf(taps);
        levels = List.copyOf(levels);
        for (TapLevel l : levels)
            for (String t : l.taps())
                if (taps.stream().noneMatch(f -> f.name().equals(t)))
                    throw new IllegalArgumentException("level " + l.name() + " names tap " + t + ", which the backbone does not have");
    }

    /** A backbone whose levels follow {@link TapLevel#derive}. */
    public BackboneInfo(String name, String variant, int resolution, int imageChannels, Conditioning conditioning,
                        int zDim, int wDim, int numWs, List<FeatureTap> taps) {
        this(name, variant, resolution, imageChannels, conditioning, zDim, wDim, numWs, taps, TapLevel.derive(taps, resolution));
    }

    /** The tap called {@code name}, if the backbone has one. */
    public Optional<FeatureTap> tap(String name) {
        return taps.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Sum of the channels of all taps: the per-pixel feature size DatasetGAN consumes. */
    public int tapChannels() {
        return taps.stream().mapToInt(FeatureTap::channels).sum();
    }
}
