package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a backbone's taps into what the branch reads, as BigDatasetGAN's
 * {@code _prepare_features} does: per level, every tap resized (bilinear, corners not
 * aligned) to the level's side and concatenated in order; plus the class embedding [N, dim]
 * when the branch is conditional. Shapes are checked here, before any native call.
 * {@link #prepareTaps} instead hands every tap over at its own side, for a head that reduces
 * each tap before resizing it (the VQGAN head).
 */
public record LevelInputs(List<TapLevel> levels, List<FeatureTap> taps, FeatureTap embedding) {

    /** One batch of inputs, in the caller's scope. */
    public record Batch(List<Tensor> levels, Tensor embedding, long size) {}

    public LevelInputs {
        levels = List.copyOf(levels);
        taps = List.copyOf(taps);
        for (TapLevel l : levels)
            for (String name : l.taps())
                if (taps.stream().noneMatch(t -> t.name().equals(name)))
                    throw new IllegalArgumentException("level " + l.name() + " reads tap " + name + ", which is not among the taps");
    }

    /** Channels level {@code i} has after concatenation. */
    public int channels(int i) {
        int c = 0;
        for (String name : levels.get(i).taps()) c += tap(name).channels();
        return c;
    }

    /** The taps of level {@code i}, in order. */
    public List<FeatureTap> taps(int i) {
        return levels.get(i).taps().stream().map(this::tap).toList();
    }

    /** Every tap the branch reads: the levels' taps, then the embedding if any. */
    public List<FeatureTap> read() {
        List<FeatureTap> out = new ArrayList<>();
        for (TapLevel l : levels) for (String n : l.taps()) out.add(tap(n));
        if (embedding != null) out.add(embedding);
        return out;
    }

    public Batch prepare(Map<String, Tensor> maps, Device device) {
        long n = check(maps);
        List<Tensor> out = new ArrayList<>();
        for (TapLevel l : levels) {
            List<Tensor> parts = new ArrayList<>();
            for (String name : l.taps()) {
                Tensor m = maps.get(name).to(device).to(DType.F32);
                if (m.size(2) != l.resolution()) m = NN.upsampleBilinear(m, l.resolution(), l.resolution(), false);
                parts.add(m);
            }
            out.add(parts.size() == 1 ? parts.get(0) : Ops.cat(parts, 1));
        }
        return new Batch(out, embedding(maps, device, n), n);
    }

    /** Every level's taps in order, each float32 on {@code device} at its own side (one tensor per tap, not per level). */
    public Batch prepareTaps(Map<String, Tensor> maps, Device device) {
        long n = check(maps);
        List<Tensor> out = new ArrayList<>();
        for (TapLevel l : levels) for (String name : l.taps()) out.add(maps.get(name).to(device).to(DType.F32));
        return new Batch(out, embedding(maps, device, n), n);
    }

    /** The batch size, after checking that every tap read is there with its shape. */
    private long check(Map<String, Tensor> maps) {
        long n = -1;
        for (FeatureTap t : read()) {
            Tensor m = maps.get(t.name());
            if (m == null) throw new IllegalArgumentException("tap " + t.name() + " is missing from the features (have " + maps.keySet() + ")");
            long[] s = m.shape();
            if (s.length != 4 || s[1] != t.channels() || s[2] != t.resolution() || s[3] != t.resolution() || (n >= 0 && s[0] != n))
                throw new IllegalArgumentException("tap " + t.name() + ": expected [" + (n >= 0 ? n : "N") + ", " + t.channels() + ", "
                        + t.resolution() + ", " + t.resolution() + "], got " + Arrays.toString(s));
            n = s[0];
        }
        return n;
    }

    private Tensor embedding(Map<String, Tensor> maps, Device device, long n) {
        return embedding == null ? null : Ops.reshape(maps.get(embedding.name()).to(device).to(DType.F32), n, embedding.channels());
    }

    private FeatureTap tap(String name) {
        for (FeatureTap t : taps) if (t.name().equals(name)) return t;
        throw new IllegalArgumentException("no tap " + name);
    }
}
