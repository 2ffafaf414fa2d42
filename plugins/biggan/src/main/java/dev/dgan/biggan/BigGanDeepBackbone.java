package dev.dgan.biggan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BigGAN-deep generator (huggingface pytorch-pretrained-BigGAN layout) as a {@link Backbone}.
 *
 * <p>{@code synthesize} takes z [N, z_dim] (already truncated and scaled, as
 * {@link #sample} draws it) with class ids [N] (int64) or class vectors [N, num_classes]
 * (float, e.g. one-hot or a mixture), and the truncation the z was drawn with: it selects the
 * precomputed batch-norm statistics. The first feature tap is the class embedding,
 * {@link FeatureTap#CLASS_EMBEDDING}; the others are the outputs of every module of
 * {@code generator.layers}, {@code layer.0}, {@code layer.1}, ... (the self-attention block is one
 * of them).
 */
public final class BigGanDeepBackbone implements Backbone {

    public static final String NAME = "biggan-deep";
    public static final String VARIANT = "huggingface";

    /** Receives named intermediates: embed, class.embedding (embed as [N, dim, 1, 1]), cond_vector, gen_z, layer.i, final_bn, conv_to_rgb. */
    @FunctionalInterface
    interface Trace {
        Trace NONE = (name, t) -> { };

        void accept(String name, Tensor t);
    }

    private final BigGanDeepConfig config;
    private final BigGanDeepWeights weights;
    private final BackboneInfo info;
    private final Map<String, FeatureTap> tapsByName = new LinkedHashMap<>();

    public BigGanDeepBackbone(BigGanDeepWeights weights) {
        this.config = weights.config();
        this.weights = weights;
        this.info = info(config);
        for (FeatureTap t : info.taps()) tapsByName.put(t.name(), t);
    }

    /** What a generator with {@code config} is, without weights. */
    public static BackboneInfo info(BigGanDeepConfig config) {
        return new BackboneInfo(NAME, VARIANT, config.resolution(), 3, ImageNetLabels.of(config.numClasses()),
                config.zDim(), 0, 0, taps(config));
    }

    /** A backbone from a huggingface state dict; the caller keeps ownership of {@code stateDict}. */
    public static BigGanDeepBackbone fromStateDict(Map<String, Tensor> stateDict, BigGanDeepConfig config, String source,
                                                   Device device) {
        return new BigGanDeepBackbone(BigGanDeepWeights.fromStateDict(stateDict, config, source, device));
    }

    /**
     * The taps of a generator with {@code config}: the class embedding {@code embeddings(one_hot)}
     * as {@link FeatureTap#CLASS_EMBEDDING} [N, z_dim, 1, 1], then one per module of
     * {@code generator.layers}, in order.
     */
    public static List<FeatureTap> taps(BigGanDeepConfig config) {
        List<FeatureTap> taps = new ArrayList<>();
        taps.add(new FeatureTap(FeatureTap.CLASS_EMBEDDING, config.zDim(), 1));
        for (int i = 0; i < config.moduleCount(); i++) {
            taps.add(new FeatureTap("layer." + i, config.moduleChannels(i), config.moduleResolution(i)));
        }
        return taps;
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    public BigGanDeepConfig config() {
        return config;
    }

    public Device device() {
        return weights.device();
    }

    // ----- sampling ---------------------------------------------------------------------------

    /**
     * z as {@code truncated_noise_sample(batch_size=1, dim_z, truncation, seed)} draws it for each
     * seed ({@code truncation * truncnorm(-2, 2)} from {@code RandomState(seed)}, see
     * {@link TruncatedNormal}), with the class ids; a class id is required per seed.
     */
    @Override
    public Latents sample(SampleRequest request) {
        checkTruncation(request.truncation());
        int[] ids = request.classIds().orElseThrow(() -> new IllegalArgumentException(
                "BigGAN-deep is class-conditional (" + config.numClasses() + " classes): the sample request needs one"
                        + " class id per seed"));
        for (int id : ids) checkClassId(id);
        int n = request.count(), d = config.zDim();
        float[] z = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(TruncatedNormal.noiseSample(request.samples().get(i).seed(), d, request.truncation()), 0, z, i * d, d);
        }
        long[] c = new long[n];
        for (int i = 0; i < n; i++) c[i] = ids[i];
        Tensor zt = TensorScope.release(Tensor.of(z, n, d));
        Tensor ct;
        try {
            ct = TensorScope.release(Tensor.of(c, n));
        } catch (RuntimeException e) {
            zt.close();
            throw e;
        }
        return new Latents(Latents.Kind.Z, zt, Optional.of(ct), request.truncation());
    }

    private void checkClassId(long id) {
        if (id < 0 || id >= config.numClasses()) {
            throw new IllegalArgumentException("class id " + id + " out of range 0.." + (config.numClasses() - 1));
        }
    }

    private static void checkTruncation(double t) {
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("BigGAN-deep truncation must be in (0, 1] (it selects precomputed"
                    + " batch-norm statistics), got " + t);
        }
    }

    // ----- synthesis --------------------------------------------------------------------------

    @Override
    public Tensor synthesize(Latents latents, FeatureSink taps) {
        FeatureSink sink = taps == null ? FeatureSink.NONE : taps;
        return run(latents, (name, t) -> {
            FeatureTap tap = tapsByName.get(name);
            if (tap != null) sink.accept(tap, t);
        });
    }

    /** The image for {@code latents} at their truncation, showing every named intermediate to {@code trace}. */
    Tensor run(Latents latents, Trace trace) {
        double truncation = latents.truncation();
        checkTruncation(truncation);
        if (latents.kind() != Latents.Kind.Z) {
            throw new IllegalArgumentException("BigGAN-deep takes z latents, got " + latents.kind());
        }
        long[] zs = latents.values().shape();
        if (zs.length != 2 || zs[0] < 1 || zs[1] != config.zDim() || !latents.values().dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("latents Z: expected floating-point [N, z_dim=" + config.zDim()
                    + "] with N >= 1, got " + latents.values().dtype() + Arrays.toString(zs));
        }
        long n = zs[0];
        Tensor c = latents.classes().orElseThrow(() -> new IllegalArgumentException(
                "BigGAN-deep is class-conditional: z latents need classes (int64 ids [N] or class vectors [N, "
                        + config.numClasses() + "])"));
        long[] cs = c.shape();
        boolean ids = cs.length == 1 && cs[0] == n && !c.dtype().isFloatingPoint();
        boolean vectors = cs.length == 2 && cs[0] == n && cs[1] == config.numClasses() && c.dtype().isFloatingPoint();
        if (!ids && !vectors) {
            throw new IllegalArgumentException("latent classes: expected integer ids [" + n + "] or float class vectors ["
                    + n + ", num_classes=" + config.numClasses() + "], got " + c.dtype() + Arrays.toString(cs));
        }
        if (ids) for (long id : c.toLongArray()) checkClassId(id);

        try (TensorScope s = TensorScope.open()) {
            Device device = weights.device();
            Tensor z = Ops.toCopy(latents.values(), DType.F32, device);
            Tensor embedW = weights.get("embeddings.weight"); // [z_dim, num_classes]
            Tensor embed;
            if (ids) {
                // Linear of a one-hot vector: the class's column of the weight, exactly.
                embed = Ops.indexSelect(Ops.transpose(embedW, 0, 1), 0, c.to(device));
            } else {
                embed = NN.linear(Ops.toCopy(c, DType.F32, device), embedW, null);
            }
            trace.accept("embed", embed);
            trace.accept(FeatureTap.CLASS_EMBEDDING, Ops.reshape(embed, n, -1, 1, 1));
            Tensor cond = Ops.cat(List.of(z, embed), 1);
            trace.accept("cond_vector", cond);
            Tensor x = NN.linear(cond, weights.get("generator.gen_z.weight"), weights.get("generator.gen_z.bias"));
            trace.accept("gen_z", x);
            // gen_z is laid out as TF's NHWC: [N, 4, 4, 16 ch] -> NCHW
            x = Ops.contiguous(Ops.permute(Ops.reshape(x, n, 4, 4, 16L * config.channelWidth()), 0, 3, 1, 2));
            Stats stats = Stats.of(truncation, config.nStats());
            for (int i = 0; i < config.moduleCount(); i++) {
                String p = "generator.layers." + i;
                x = i == config.attentionModuleIndex() ? selfAttention(p, x) : genBlock(p, config.blockAt(i), x, cond, stats);
                trace.accept("layer." + i, x);
            }
            x = NN.batchNorm(x, weights.get("generator.bn.weight"), weights.get("generator.bn.bias"),
                    stats.select(weights.get("generator.bn.running_means")),
                    stats.select(weights.get("generator.bn.running_vars")), false, 0.0, config.eps());
            trace.accept("final_bn", x);
            x = NN.relu(x);
            x = NN.conv2d(x, weights.get("generator.conv_to_rgb.weight"), weights.get("generator.conv_to_rgb.bias"), 1, 1);
            trace.accept("conv_to_rgb", x);
            x = NN.tanh(Ops.narrow(x, 1, 0, 3));
            return s.keep(x);
        }
    }

    /**
     * Which rows of the precomputed statistics a truncation uses: {@code coef, start =
     * modf(t / step)} with {@code step = 1 / (n_stats - 1)}; the row {@code start} if {@code coef}
     * is 0, else {@code row[start] * coef + row[start + 1] * (1 - coef)} -- the weight {@code coef}
     * goes to the lower row, as in the reference (the reverse of a plain lerp).
     */
    record Stats(int start, double coef) {
        static Stats of(double truncation, int nStats) {
            double step = 1.0 / (nStats - 1);
            double q = truncation / step;
            double start = Math.floor(q);
            double coef = q - start;
            int row = (int) start;
            if (row < 0 || row >= nStats || (coef != 0 && row + 1 >= nStats)) {
                throw new IllegalArgumentException("truncation " + truncation + " selects statistics row " + q
                        + " outside 0.." + (nStats - 1));
            }
            return new Stats(row, coef);
        }

        Tensor select(Tensor table) {
            Tensor lower = Ops.reshape(Ops.narrow(table, 0, start, 1), -1);
            if (coef == 0) return lower;
            Tensor upper = Ops.reshape(Ops.narrow(table, 0, start + 1, 1), -1);
            return Ops.add(Ops.mul(lower, coef), Ops.mul(upper, 1 - coef));
        }
    }

    /** (x - mean) / sqrt(var + eps) * (1 + scale(cond)) + offset(cond), with the truncation's statistics. */
    private Tensor conditionalBn(String p, Tensor x, Tensor cond, Stats stats) {
        Tensor mean = unsqueeze3(stats.select(weights.get(p + ".running_means")));
        Tensor var = unsqueeze3(stats.select(weights.get(p + ".running_vars")));
        Tensor scale = NN.linear(cond, weights.get(p + ".scale.weight"), null);
        Tensor gain = Ops.add(Ops.unsqueeze(Ops.unsqueeze(scale, -1), -1), 1.0);
        Tensor bias = Ops.unsqueeze(Ops.unsqueeze(NN.linear(cond, weights.get(p + ".offset.weight"), null), -1), -1);
        Tensor norm = Ops.div(Ops.sub(x, mean), Ops.sqrt(Ops.add(var, config.eps())));
        return Ops.add(Ops.mul(norm, gain), bias);
    }

    /** [C] -> [1, C, 1, 1]. */
    private static Tensor unsqueeze3(Tensor t) {
        return Ops.unsqueeze(Ops.unsqueeze(Ops.unsqueeze(t, 0), -1), -1);
    }

    private Tensor conv(String p, Tensor x, int padding) {
        return NN.conv2d(x, weights.get(p + ".weight"), weights.get(p + ".bias"), 1, padding);
    }

    private Tensor genBlock(String p, BigGanDeepConfig.Layer layer, Tensor x0, Tensor cond, Stats stats) {
        Tensor x = conv(p + ".conv_0", NN.relu(conditionalBn(p + ".bn_0", x0, cond, stats)), 0);
        x = NN.relu(conditionalBn(p + ".bn_1", x, cond, stats));
        if (layer.up()) x = NN.upsampleNearest(x, x.size(2) * 2, x.size(3) * 2);
        x = conv(p + ".conv_1", x, 1);
        x = conv(p + ".conv_2", NN.relu(conditionalBn(p + ".bn_2", x, cond, stats)), 1);
        x = conv(p + ".conv_3", NN.relu(conditionalBn(p + ".bn_3", x, cond, stats)), 0);
        Tensor skip = x0;
        if (layer.in() != layer.out()) skip = Ops.narrow(skip, 1, 0, skip.size(1) / 2);
        if (layer.up()) skip = NN.upsampleNearest(skip, skip.size(2) * 2, skip.size(3) * 2);
        return Ops.add(x, skip);
    }

    /** SAGAN self-attention with 2x2 max-pooled keys and values: x + gamma * o(g softmax(theta^T phi)^T). */
    private Tensor selfAttention(String p, Tensor x) {
        long n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
        Tensor theta = Ops.reshape(NN.conv2d(x, weights.get(p + ".snconv1x1_theta.weight"), null, 1, 0), n, ch / 8, h * w);
        Tensor phi = NN.maxPool2d(NN.conv2d(x, weights.get(p + ".snconv1x1_phi.weight"), null, 1, 0), 2, 2, 0);
        phi = Ops.reshape(phi, n, ch / 8, h * w / 4);
        Tensor attn = NN.softmax(Ops.bmm(Ops.permute(theta, 0, 2, 1), phi), -1);
        Tensor g = NN.maxPool2d(NN.conv2d(x, weights.get(p + ".snconv1x1_g.weight"), null, 1, 0), 2, 2, 0);
        g = Ops.reshape(g, n, ch / 2, h * w / 4);
        Tensor attnG = Ops.reshape(Ops.bmm(g, Ops.permute(attn, 0, 2, 1)), n, ch / 2, h, w);
        Tensor o = NN.conv2d(attnG, weights.get(p + ".snconv1x1_o_conv.weight"), null, 1, 0);
        return Ops.add(x, Ops.mul(weights.get(p + ".gamma"), o));
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return "BigGanDeepBackbone(" + config.resolution() + "px, " + config.numClasses() + " classes, " + weights.device() + ")";
    }
}
