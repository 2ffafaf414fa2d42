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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One head of BigDatasetGAN's segmentation branch ({@code BigdatasetGANModel} without the
 * generator), over tensors it owns, named as the reference's state dict names them:
 * <ol>
 * <li>each level's maps go through a 1x1 convolution without bias ({@code low_feature_conv.0});</li>
 * <li>coarse to fine, the fused maps so far are resized (bilinear) to the next level, the
 *     next level's projection is concatenated and a residual block mixes them
 *     ({@code mid_feature_mix_conv}: class-conditional batch norm, ReLU, 3x3 SN conv, twice);</li>
 * <li>batch norm, ReLU and a 3x3 SN convolution give the logits ({@code out_layer}).</li>
 * </ol>
 * Batch norms use batch statistics in training (updating the stored ones) and the stored
 * ones otherwise; spectral norms take one power step per forward pass (see {@link SpectralNorm}).
 */
public final class SegBranch implements BranchHead {

    /** BigDatasetGAN builds its ccbn layers with eps 1e-4 and the output bn with the default 1e-5. */
    static final double CCBN_EPS = 1e-4, OUT_BN_EPS = 1e-5, MOMENTUM = 0.1;

    private final BranchShape shape;
    private final Map<String, Tensor> tensors;
    private final List<String> parameters;

    private SegBranch(BranchShape shape, Map<String, Tensor> tensors, List<String> parameters) {
        this.shape = shape;
        this.tensors = tensors;
        this.parameters = parameters;
    }

    /** The names and shapes of every tensor of a head with {@code shape}; {@code true} marks parameters. */
    public static Map<String, Spec> layout(BranchShape shape) {
        Map<String, Spec> out = new LinkedHashMap<>();
        List<BranchShape.Level> levels = shape.levels();
        for (int i = 0; i < levels.size(); i++) {
            BranchShape.Level l = levels.get(i);
            out.put(l.name() + "_feature_conv.0.weight", new Spec(true, l.width(), l.inputs(), 1, 1));
            if (i > 0) {
                String p = l.name() + "_feature_mix_conv.";
                int c = shape.fused(i);
                norm(out, p + "bn1", c, shape.embedding());
                snConv(out, p + "conv1", c, c);
                norm(out, p + "bn2", c, shape.embedding());
                snConv(out, p + "conv2", c, c);
            }
        }
        int c = shape.fused(levels.size() - 1);
        out.put("out_layer.0.gain", new Spec(true, c));
        out.put("out_layer.0.bias", new Spec(true, c));
        out.put("out_layer.0.stored_mean", new Spec(false, c));
        out.put("out_layer.0.stored_var", new Spec(false, c));
        snConv(out, "out_layer.2", c, shape.outputs());
        return out;
    }

    /** A tensor of a head: whether training updates it through gradients, and its shape. */
    /**
     * {@code stored} checked against {@code layout} (every tensor present with its shape, none
     * extra; the message names {@code source}, the tensor and the shapes), in the layout's order.
     */
    static Map<String, Tensor> checked(Map<String, Spec> layout, Map<String, Tensor> stored, String source) {
        for (var e : layout.entrySet()) {
            Tensor t = stored.get(e.getKey());
            if (t == null) throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " is missing");
            if (!Arrays.equals(t.shape(), e.getValue().shape()))
                throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(e.getValue().shape()));
        }
        for (String k : stored.keySet())
            if (!layout.containsKey(k)) throw new IllegalArgumentException(source + ": unexpected tensor " + k);
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (String k : layout.keySet()) own.put(k, stored.get(k));
        return own;
    }

    public record Spec(boolean parameter, long... shape) {}

    private static void snConv(Map<String, Spec> out, String p, int in, int outChannels) {
        out.put(p + ".weight", new Spec(true, outChannels, in, 3, 3));
        out.put(p + ".bias", new Spec(true, outChannels));
        out.put(p + ".u0", new Spec(false, 1, outChannels));
    }

    /** ccbn (gain and bias are SN linears of the class embedding) or, without one, a plain affine bn. */
    private static void norm(Map<String, Spec> out, String p, int c, int embedding) {
        if (embedding > 0) {
            for (String which : List.of(".gain", ".bias")) {
                out.put(p + which + ".weight", new Spec(true, c, embedding));
                out.put(p + which + ".bias", new Spec(true, c));
                out.put(p + which + ".u0", new Spec(false, 1, c));
            }
        } else {
            out.put(p + ".gain", new Spec(true, c));
            out.put(p + ".bias", new Spec(true, c));
        }
        out.put(p + ".stored_mean", new Spec(false, c));
        out.put(p + ".stored_var", new Spec(false, c));
    }

    /**
     * A fresh head initialised as PyTorch initialises these layers: convolution and linear
     * weights and biases uniform in +-1/sqrt(fan_in), SN vectors u standard normal, norm gains
     * 1 and shifts 0, stored statistics 0 and 1. Parameters require gradients.
     */
    public static SegBranch initialized(BranchShape shape, Generator g, Device device) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<String> params = new ArrayList<>();
        Map<String, Spec> layout = layout(shape);
        try (TensorScope scope = TensorScope.open()) {
            for (var e : layout.entrySet()) {
                String name = e.getKey();
                long[] s = e.getValue().shape();
                Tensor t;
                if (name.endsWith(".u0")) t = Ops.randn(g, DType.F32, device, s);
                else if (name.endsWith("stored_var") || (name.endsWith(".gain") && s.length == 1)) t = Ops.ones(DType.F32, device, s);
                else if (name.endsWith("stored_mean") || (name.endsWith(".bias") && s.length == 1 && !isLayerBias(name)))
                    t = Ops.zeros(DType.F32, device, s);
                else {
                    double bound = 1 / Math.sqrt(fanIn(name, layout));
                    t = Ops.uniform(g, -bound, bound, DType.F32, device, s);
                }
                tensors.put(name, t);
                if (e.getValue().parameter()) params.add(name);
            }
            tensors.values().forEach(TensorScope::release);
        }
        for (String p : params) Autograd.requiresGrad(tensors.get(p), true);
        return new SegBranch(shape, tensors, List.copyOf(params));
    }

    /** Biases of convolutions and linears (initialised uniformly), as opposed to batch-norm shifts. */
    private static boolean isLayerBias(String name) {
        return name.endsWith("conv1.bias") || name.endsWith("conv2.bias") || name.endsWith("out_layer.2.bias")
                || name.endsWith(".gain.bias") || name.endsWith(".bias.bias");
    }

    private static long fanIn(String name, Map<String, Spec> layout) {
        String weight = name.endsWith(".bias") && isLayerBias(name) ? name.substring(0, name.length() - 5) + ".weight" : name;
        long[] w = layout.get(weight).shape();
        long fan = 1;
        for (int i = 1; i < w.length; i++) fan *= w[i];
        return fan;
    }

    /** A head over stored tensors (checked against {@code shape}); takes ownership of them. */
    public static SegBranch adopt(BranchShape shape, Map<String, Tensor> stored, String source) {
        Map<String, Spec> layout = layout(shape);
        Map<String, Tensor> own = checked(layout, stored, source);
        List<String> params = layout.entrySet().stream().filter(e -> e.getValue().parameter()).map(Map.Entry::getKey).toList();
        return new SegBranch(shape, own, params);
    }

    public BranchShape shape() {
        return shape;
    }

    @Override
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    @Override
    public List<Tensor> parameters() {
        return parameters.stream().map(tensors::get).toList();
    }

    /**
     * Logits [N, outputs, r, r] from the level inputs ({@link LevelInputs}: level i is
     * [N, inputs_i, r_i, r_i]) and, for a conditional branch, the class embeddings [N, dim].
     * Computes in the inputs' element type: the stored tensors stay float32 (spectral norm's
     * power step included) and are cast where they meet the activations, so bfloat16
     * inference rounds each weight once and training, in float32, is untouched.
     */
    @Override
    public Tensor forward(List<Tensor> levels, Tensor embedding, boolean training) {
        List<BranchShape.Level> ls = shape.levels();
        if (levels.size() != ls.size()) throw new IllegalArgumentException("expected " + ls.size() + " level inputs, got " + levels.size());
        if (shape.conditional() && embedding == null) throw new IllegalArgumentException("this branch is class-conditional: it needs class embeddings");
        Tensor h = null;
        for (int i = 0; i < ls.size(); i++) {
            BranchShape.Level l = ls.get(i);
            Tensor projected = NN.conv2d(levels.get(i), t(l.name() + "_feature_conv.0.weight", levels.get(i)), null, 1, 0);
            if (h == null) {
                h = projected;
                continue;
            }
            h = NN.upsampleBilinear(h, l.resolution(), l.resolution(), false);
            h = mixBlock(l.name() + "_feature_mix_conv.", Ops.cat(List.of(h, projected), 1), embedding, training);
        }
        h = NN.batchNorm(h, t("out_layer.0.gain", h), t("out_layer.0.bias", h), t("out_layer.0.stored_mean", h), t("out_layer.0.stored_var", h),
                training, MOMENTUM, OUT_BN_EPS);
        return snConv("out_layer.2", NN.relu(h), training);
    }

    /** SegBlock without upsampling: x + conv2(relu(bn2(conv1(relu(bn1(x)))))). */
    private Tensor mixBlock(String p, Tensor x, Tensor y, boolean training) {
        Tensor h = snConv(p + "conv1", NN.relu(norm(p + "bn1", x, y, training)), training);
        h = snConv(p + "conv2", NN.relu(norm(p + "bn2", h, y, training)), training);
        return Ops.add(h, x);
    }

    private Tensor norm(String p, Tensor x, Tensor y, boolean training) {
        if (!shape.conditional())
            return NN.batchNorm(x, t(p + ".gain", x), t(p + ".bias", x), t(p + ".stored_mean", x), t(p + ".stored_var", x), training, MOMENTUM, CCBN_EPS);
        Tensor gain = Ops.add(snLinear(p + ".gain", y, training), 1.0);
        Tensor bias = snLinear(p + ".bias", y, training);
        Tensor out = NN.batchNorm(x, null, null, t(p + ".stored_mean", x), t(p + ".stored_var", x), training, MOMENTUM, CCBN_EPS);
        long n = y.size(0), c = gain.size(1);
        return Ops.add(Ops.mul(out, Ops.reshape(gain, n, c, 1, 1)), Ops.reshape(bias, n, c, 1, 1));
    }

    private Tensor snLinear(String p, Tensor y, boolean training) {
        return NN.linear(y, Compute.as(SpectralNorm.normalized(t(p + ".weight"), t(p + ".u0"), training), y.dtype()), t(p + ".bias", y));
    }

    private Tensor snConv(String p, Tensor x, boolean training) {
        return NN.conv2d(x, Compute.as(SpectralNorm.normalized(t(p + ".weight"), t(p + ".u0"), training), x.dtype()), t(p + ".bias", x), 1, 1);
    }

    /** A stored tensor in the element type of {@code like}: itself in float32 (so training updates it in place), else a copy. */
    private Tensor t(String name, Tensor like) {
        return Compute.as(t(name), like.dtype());
    }

    private Tensor t(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalStateException("no tensor " + name);
        return t;
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
