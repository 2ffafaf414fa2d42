package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.mlp.Compute;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One VQGAN head of BigDatasetGAN's branch, as its supplementary describes it, over tensors it
 * owns. With {@code c} = {@link VqShape#channels()}:
 * <ol>
 * <li>each tap is reduced to c channels by a 1x1 convolution without bias, at the tap's own
 *     side ({@code low_feature_conv.j}), and resized (bilinear) to its group's side; a group's
 *     reduced taps are summed. That is one 1x1 convolution over the group's resized,
 *     concatenated taps (resizing and a 1x1 convolution commute), but it runs each reduction
 *     at the tap's side and keeps every group at c channels however many taps it holds;</li>
 * <li>coarse to fine, the map fused so far is resized to the next group's side, concatenated
 *     with that group's map (2c channels) and mixed back to c by a 3x3 convolution and a ReLU
 *     ({@code mid_feature_mix_conv}); the coarsest group starts the map as it is;</li>
 * <li>three 1x1 convolutions (c, c, outputs) with a layer norm and a ReLU after each of the
 *     first two ({@code out_layer.0} to {@code out_layer.6}, as an {@code nn.Sequential} of
 *     conv, norm, ReLU, conv, norm, ReLU, conv names them). The layer norm normalises each
 *     pixel's c channels (eps 1e-5, learned gain and shift per channel).</li>
 * </ol>
 * Nothing here depends on the batch (no batch norm), so a sample's logits do not change with
 * the company it is labelled in; the head reads no class embedding.
 */
public final class VqBranch implements BranchHead {

    static final double LN_EPS = 1e-5;

    private final VqShape shape;
    private final Map<String, Tensor> tensors;

    private VqBranch(VqShape shape, Map<String, Tensor> tensors) {
        this.shape = shape;
        this.tensors = tensors;
    }

    /** The names and shapes of every tensor of a head with {@code shape}; all are parameters. */
    public static Map<String, SegBranch.Spec> layout(VqShape shape) {
        Map<String, SegBranch.Spec> out = new LinkedHashMap<>();
        int c = shape.channels();
        for (int i = 0; i < shape.groups().size(); i++) {
            VqShape.Group g = shape.groups().get(i);
            for (int j = 0; j < g.taps().size(); j++)
                out.put(g.name() + "_feature_conv." + j + ".weight", new SegBranch.Spec(true, c, g.taps().get(j).inputs(), 1, 1));
            if (i > 0) conv(out, g.name() + "_feature_mix_conv", 2 * c, c, 3);
        }
        conv(out, "out_layer.0", c, c, 1);
        layerNorm(out, "out_layer.1", c);
        conv(out, "out_layer.3", c, c, 1);
        layerNorm(out, "out_layer.4", c);
        conv(out, "out_layer.6", c, shape.outputs(), 1);
        return out;
    }

    private static void conv(Map<String, SegBranch.Spec> out, String p, int in, int outChannels, int k) {
        out.put(p + ".weight", new SegBranch.Spec(true, outChannels, in, k, k));
        out.put(p + ".bias", new SegBranch.Spec(true, outChannels));
    }

    private static void layerNorm(Map<String, SegBranch.Spec> out, String p, int c) {
        out.put(p + ".weight", new SegBranch.Spec(true, c));
        out.put(p + ".bias", new SegBranch.Spec(true, c));
    }

    private static boolean isLayerNorm(String name) {
        return name.startsWith("out_layer.1.") || name.startsWith("out_layer.4.");
    }

    /**
     * A fresh head initialised as PyTorch initialises these layers: convolution weights and
     * biases uniform in +-1/sqrt(fan_in), layer-norm gains 1 and shifts 0. Parameters require gradients.
     */
    public static VqBranch initialized(VqShape shape, Generator g, Device device) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, SegBranch.Spec> layout = layout(shape);
        try (TensorScope scope = TensorScope.open()) {
            for (var e : layout.entrySet()) {
                String name = e.getKey();
                long[] s = e.getValue().shape();
                Tensor t;
                if (isLayerNorm(name)) t = name.endsWith(".weight") ? Ops.ones(DType.F32, device, s) : Ops.zeros(DType.F32, device, s);
                else {
                    long[] w = layout.get(name.substring(0, name.lastIndexOf('.')) + ".weight").shape();
                    double bound = 1 / Math.sqrt((double) w[1] * w[2] * w[3]);
                    t = Ops.uniform(g, -bound, bound, DType.F32, device, s);
                }
                tensors.put(name, t);
            }
            tensors.values().forEach(TensorScope::release);
        }
        for (Tensor t : tensors.values()) Autograd.requiresGrad(t, true);
        return new VqBranch(shape, tensors);
    }

    /** A head over stored tensors (checked against {@code shape}); takes ownership of them. */
    public static VqBranch adopt(VqShape shape, Map<String, Tensor> stored, String source) {
        return new VqBranch(shape, SegBranch.checked(layout(shape), stored, source));
    }

    public VqShape shape() {
        return shape;
    }

    @Override
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    @Override
    public List<Tensor> parameters() {
        return List.copyOf(tensors.values());
    }

    /**
     * Logits [N, outputs, r, r] from every group's taps in order, each [N, inputs, side, side]
     * at its own side ({@link LevelInputs#prepareTaps}). Computes in the inputs' element type:
     * the stored tensors stay float32 and are cast where they meet the activations, so
     * bfloat16 inference rounds each weight once. {@code embedding} must be null; {@code training}
     * changes nothing here (no batch statistics), it is taken for the {@link BranchHead} contract.
     */
    @Override
    public Tensor forward(List<Tensor> taps, Tensor embedding, boolean training) {
        int expected = shape.groups().stream().mapToInt(g -> g.taps().size()).sum();
        if (taps.size() != expected) throw new IllegalArgumentException("expected " + expected + " tap inputs, got " + taps.size());
        if (embedding != null) throw new IllegalArgumentException("the VQGAN head reads no class embedding");
        Tensor h = null;
        int k = 0;
        for (VqShape.Group g : shape.groups()) {
            Tensor group = null;
            for (int j = 0; j < g.taps().size(); j++) {
                Tensor x = taps.get(k++);
                Tensor r = NN.conv2d(x, t(g.name() + "_feature_conv." + j + ".weight", x), null, 1, 0);
                if (r.size(2) != g.resolution()) r = NN.upsampleBilinear(r, g.resolution(), g.resolution(), false);
                group = group == null ? r : Ops.add(group, r);
            }
            if (h == null) {
                h = group;
                continue;
            }
            h = NN.upsampleBilinear(h, g.resolution(), g.resolution(), false);
            String p = g.name() + "_feature_mix_conv";
            Tensor joined = Ops.cat(List.of(h, group), 1);
            h = NN.relu(NN.conv2d(joined, t(p + ".weight", joined), t(p + ".bias", joined), 1, 1));
        }
        h = NN.relu(layerNorm("out_layer.1", conv1x1("out_layer.0", h)));
        h = NN.relu(layerNorm("out_layer.4", conv1x1("out_layer.3", h)));
        return conv1x1("out_layer.6", h);
    }

    private Tensor conv1x1(String p, Tensor x) {
        return NN.conv2d(x, t(p + ".weight", x), t(p + ".bias", x), 1, 0);
    }

    /** Layer norm over each pixel's channels: channels moved last, normalised, moved back. */
    private Tensor layerNorm(String p, Tensor x) {
        Tensor last = Ops.permute(x, 0, 2, 3, 1);
        Tensor normed = NN.layerNorm(last, new long[] {x.size(1)}, t(p + ".weight", x), t(p + ".bias", x), LN_EPS);
        return Ops.permute(normed, 0, 3, 1, 2);
    }

    /** A stored tensor in the element type of {@code like}: itself in float32 (so training updates it in place), else a copy. */
    private Tensor t(String name, Tensor like) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalStateException("no tensor " + name);
        return Compute.as(t, like.dtype());
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
