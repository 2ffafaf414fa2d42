package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sizes of BigDatasetGAN's VQGAN head ({@link VqBranch}): its groups of taps, coarse to
 * fine, each tap's channels and side; the one width every reduction, mix convolution and
 * hidden 1x1 convolution has ({@code channels}, 128 in the paper); and the logits it outputs.
 * The head reads no class embedding.
 */
public record VqShape(List<Group> groups, int channels, int outputs) implements HeadShape {

    public static final String HEAD = "vqgan";
    /** The paper's reduction width. */
    public static final int PAPER_CHANNELS = 128;

    /** One tap of a group: {@code inputs} channels at {@code resolution}. */
    public record Tap(String name, int inputs, int resolution) {
        public Tap {
            if (inputs < 1 || resolution < 1)
                throw new IllegalArgumentException("tap " + name + ": channels and resolution must be positive, got " + inputs + ", " + resolution);
        }
    }

    /** One group: its taps, all brought to {@code resolution}, its largest side. */
    public record Group(String name, int resolution, List<Tap> taps) {
        public Group {
            taps = List.copyOf(taps);
            if (taps.isEmpty()) throw new IllegalArgumentException("group " + name + " has no taps");
            for (Tap t : taps)
                if (t.resolution() > resolution)
                    throw new IllegalArgumentException("group " + name + " is " + resolution + " px, but its tap " + t.name() + " is "
                            + t.resolution() + " px; a group is read at its largest side");
        }
    }

    public VqShape {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) throw new IllegalArgumentException("the branch needs at least one level");
        if (channels < 1) throw new IllegalArgumentException("channels must be positive, got " + channels);
        if (outputs < 1) throw new IllegalArgumentException("the branch needs at least one output, got " + outputs);
        for (int i = 1; i < groups.size(); i++)
            if (groups.get(i).resolution() < groups.get(i - 1).resolution())
                throw new IllegalArgumentException("levels must go coarse to fine: " + groups.get(i).name() + " ("
                        + groups.get(i).resolution() + " px) follows " + groups.get(i - 1).name() + " (" + groups.get(i - 1).resolution() + " px)");
    }

    /** The groups are the inputs' levels, each tap at its own side. */
    static VqShape of(LevelInputs in, int channels, int outputs) {
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < in.levels().size(); i++) {
            List<Tap> taps = new ArrayList<>();
            for (FeatureTap t : in.taps(i)) taps.add(new Tap(t.name(), t.channels(), t.resolution()));
            groups.add(new Group(in.levels().get(i).name(), in.levels().get(i).resolution(), taps));
        }
        return new VqShape(groups, channels, outputs);
    }

    @Override
    public String head() {
        return HEAD;
    }

    @Override
    public int resolution() {
        return groups.getLast().resolution();
    }

    /**
     * Each tap's 1x1 reduction at the tap's own side, each fusion's 3x3 mix convolution
     * (2 x channels in, channels out) at its group's side, and the three 1x1 convolutions at
     * the finest side. Layer norms, activations, resizing and sums are left out (under 1%).
     */
    @Override
    public long flops() {
        long total = 0, c = channels;
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            for (Tap t : g.taps()) total += 2L * t.inputs() * c * t.resolution() * t.resolution();
            if (i > 0) total += 2L * (2 * c) * c * 9L * g.resolution() * g.resolution();
        }
        long pixels = (long) resolution() * resolution();
        return total + 2L * (c * c + c * c + c * outputs) * pixels;
    }

    @Override
    public int tensorCount() {
        return VqBranch.layout(this).size();
    }

    @Override
    public BranchHead initialized(Generator g, Device device) {
        return VqBranch.initialized(this, g, device);
    }

    @Override
    public BranchHead adopt(Map<String, Tensor> stored, String source) {
        return VqBranch.adopt(this, stored, source);
    }

    /** Every tap at its own side: the head reduces each one before resizing it, which is cheaper than resizing first. */
    @Override
    public LevelInputs.Batch prepare(LevelInputs inputs, Map<String, Tensor> maps, Device device) {
        return inputs.prepareTaps(maps, device);
    }
}
