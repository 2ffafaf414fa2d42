package dev.dgan.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A group of feature taps that a convolutional interpreter reads together at one resolution
 * (BigDatasetGAN's low, mid and high levels): every tap of the level is resized to
 * {@code resolution} and the maps are concatenated in order.
 *
 * @param name       level name, e.g. {@code low}
 * @param resolution side the level's taps are resized to
 * @param taps       tap names, in concatenation order
 */
public record TapLevel(String name, int resolution, List<String> taps) {

    public TapLevel {
        taps = List.copyOf(taps);
        if (taps.isEmpty()) throw new IllegalArgumentException("level " + name + " has no taps");
        if (resolution < 1) throw new IllegalArgumentException("level " + name + ": resolution must be positive, got " + resolution);
    }

    /**
     * BigDatasetGAN's grouping for an image of side {@code image}: spatial taps up to image/16
     * form {@code low} (read at image/16), those up to image/4 form {@code mid} (at image/4),
     * the rest form {@code high} (at full size). Taps of side 1 are not spatial and belong to
     * no level. Empty levels are left out.
     */
    public static List<TapLevel> derive(List<FeatureTap> taps, int image) {
        int lowSide = Math.max(1, image / 16), midSide = Math.max(1, image / 4);
        List<String> low = new ArrayList<>(), mid = new ArrayList<>(), high = new ArrayList<>();
        for (FeatureTap t : taps) {
            if (t.resolution() <= 1) continue;
            if (t.resolution() <= lowSide) low.add(t.name());
            else if (t.resolution() <= midSide) mid.add(t.name());
            else high.add(t.name());
        }
        List<TapLevel> levels = new ArrayList<>();
        if (!low.isEmpty()) levels.add(new TapLevel("low", lowSide, low));
        if (!mid.isEmpty()) levels.add(new TapLevel("mid", midSide, mid));
        if (!high.isEmpty()) levels.add(new TapLevel("high", image, high));
        return List.copyOf(levels);
    }
}
