package dev.dgan.tasks.mlp;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The taps a pixel classifier reads, in the order their channels are concatenated, and the
 * output size they are upsampled to. Checks incoming feature maps before any native call.
 */
public record TapLayout(List<FeatureTap> taps, int width, int height) {

    public TapLayout {
        taps = List.copyOf(taps);
        if (taps.isEmpty()) throw new IllegalArgumentException("no feature taps");
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("output size must be positive, got " + width + "x" + height);
        for (FeatureTap t : taps)
            if (t.resolution() > Math.max(width, height))
                throw new IllegalArgumentException("tap " + t.name() + " (" + t.resolution() + " px) is larger than the output " + width + "x" + height);
    }

    /** Total channels: the pixel classifier's input width. */
    public int channels() {
        int n = 0;
        for (FeatureTap t : taps) n += t.channels();
        return n;
    }

    /** First input channel of tap {@code i}. */
    public int offset(int i) {
        int n = 0;
        for (int k = 0; k < i; k++) n += taps.get(k).channels();
        return n;
    }

    /**
     * The feature maps for {@code taps}, checked: every tap present as [B, C, r, r] with the
     * same B throughout. Returns B.
     */
    public long checkBatch(Map<String, Tensor> maps) {
        long batch = -1;
        for (FeatureTap t : taps) {
            Tensor m = maps.get(t.name());
            if (m == null) throw new IllegalArgumentException("feature tap " + t.name() + " is missing (have " + maps.keySet() + ")");
            long[] s = m.shape();
            if (s.length != 4 || s[1] != t.channels() || s[2] != t.resolution() || s[3] != t.resolution() || (batch >= 0 && s[0] != batch))
                throw new IllegalArgumentException("feature tap " + t.name() + ": expected [" + (batch >= 0 ? batch : "B") + ", "
                        + t.channels() + ", " + t.resolution() + ", " + t.resolution() + "], got " + Arrays.toString(s));
            batch = s[0];
        }
        return batch;
    }

    /** Taps grouped by resolution, in first-appearance order; each entry lists tap indices. */
    public List<int[]> byResolution() {
        List<Integer> resolutions = new ArrayList<>();
        for (FeatureTap t : taps) if (!resolutions.contains(t.resolution())) resolutions.add(t.resolution());
        List<int[]> groups = new ArrayList<>();
        for (int r : resolutions) {
            groups.add(java.util.stream.IntStream.range(0, taps.size()).filter(i -> taps.get(i).resolution() == r).toArray());
        }
        return groups;
    }

    public boolean isFullResolution(FeatureTap t) {
        return t.resolution() == height && t.resolution() == width;
    }
}
