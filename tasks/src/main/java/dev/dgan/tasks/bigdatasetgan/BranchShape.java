package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sizes of BigDatasetGAN's segmentation branch: per level the channels it reads and the
 * width its 1x1 projection gives them (128, 64, 32 for low, mid, high), the class-embedding
 * size its conditional batch norms read (0 for plain batch norm) and the logits it outputs
 * (1 for foreground/background, else one per class).
 */
public record BranchShape(List<Level> levels, int embedding, int outputs) implements HeadShape {

    public static final String HEAD = "biggan";

    /** BigDatasetGAN's projection widths, coarse to fine; further levels get the last one. */
    public static final List<Integer> PAPER_WIDTHS = List.of(128, 64, 32);

    /** One level: {@code inputs} channels at {@code resolution}, projected to {@code width}. */
    public record Level(String name, int inputs, int resolution, int width) {
        public Level {
            if (inputs < 1 || resolution < 1 || width < 1)
                throw new IllegalArgumentException("level " + name + ": inputs, resolution and width must be positive, got "
                        + inputs + ", " + resolution + ", " + width);
        }
    }

    public BranchShape {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) throw new IllegalArgumentException("the branch needs at least one level");
        if (embedding < 0) throw new IllegalArgumentException("embedding size must be >= 0, got " + embedding);
        if (outputs < 1) throw new IllegalArgumentException("the branch needs at least one output, got " + outputs);
        for (int i = 1; i < levels.size(); i++)
            if (levels.get(i).resolution() < levels.get(i - 1).resolution())
                throw new IllegalArgumentException("levels must go coarse to fine: " + levels.get(i).name() + " ("
                        + levels.get(i).resolution() + " px) follows " + levels.get(i - 1).name() + " (" + levels.get(i - 1).resolution() + " px)");
    }

    /** Widths for {@code count} levels from a list like 128,64,32 (the last repeats). */
    public static List<Integer> widths(List<Integer> given, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(given.get(Math.min(i, given.size() - 1)));
        return out;
    }

    /** Channels after level {@code i} is fused in: the sum of the widths up to it. */
    public int fused(int i) {
        int c = 0;
        for (int k = 0; k <= i; k++) c += levels.get(k).width();
        return c;
    }

    @Override
    public String head() {
        return HEAD;
    }

    @Override
    public int tensorCount() {
        return SegBranch.layout(this).size();
    }

    @Override
    public BranchHead initialized(Generator g, Device device) {
        return SegBranch.initialized(this, g, device);
    }

    @Override
    public BranchHead adopt(Map<String, Tensor> stored, String source) {
        return SegBranch.adopt(this, stored, source);
    }

    /** Per level its taps resized to the level's side and concatenated, and the class embedding. */
    @Override
    public LevelInputs.Batch prepare(LevelInputs inputs, Map<String, Tensor> maps, Device device) {
        return inputs.prepare(maps, device);
    }

    /** Side of the logits: the finest level's resolution. */
    @Override
    public int resolution() {
        return levels.getLast().resolution();
    }

    public boolean conditional() {
        return embedding > 0;
    }

    /**
     * Floating-point operations (a multiply-add counts 2) of one forward pass for one sample:
     * the 1x1 projections, each fusion block's two 3x3 convolutions and the 3x3 output
     * convolution. Normalisation, activations and resizing are left out (well under 1%).
     */
    @Override
    public long flops() {
        long total = 0;
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            long pixels = (long) l.resolution() * l.resolution();
            total += 2L * l.inputs() * l.width() * pixels;
            if (i > 0) {
                long c = fused(i);
                total += 2L * 2L * c * c * 9L * pixels;
            }
        }
        long r = resolution();
        return total + 2L * fused(levels.size() - 1) * outputs * 9L * r * r;
    }
}
