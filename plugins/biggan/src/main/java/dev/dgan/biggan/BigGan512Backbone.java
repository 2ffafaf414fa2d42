package dev.dgan.biggan;

import java.util.OptionalDouble;
import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
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
 * A BigGAN generator in the layout of Brock's BigGAN-PyTorch ({@code BigGAN.Generator}), as
 * BigDatasetGAN runs it, as a {@link Backbone}.
 *
 * <p>{@code synthesize} takes z [N, {@link BigGan512Config#zDim()}] with int64 class ids [N];
 * it does not truncate (BigDatasetGAN draws plain normal z): requests at a truncation other
 * than 1 are refused. The first feature tap is
 * the class embedding {@code shared(c)}, {@link FeatureTap#CLASS_EMBEDDING}; the others are the
 * entries of BigDatasetGAN's {@code _get_biggan_features} list, {@code feat.0}, {@code feat.1}, ...:
 * the output of every module of every {@code G.blocks[i]}, in order (each GBlock, then the
 * self-attention block where there is one).
 */
public final class BigGan512Backbone implements Backbone {

    public static final String NAME = "biggan";
    public static final String VARIANT = "brock";

    /** Receives named intermediates: y, class.embedding (y as [N, dim, 1, 1]), linear, feat.k, out_pre_tanh. */
    @FunctionalInterface
    interface Trace {
        Trace NONE = (name, t) -> { };

        void accept(String name, Tensor t);
    }

    private final BigGan512Config config;
    private final BigGan512Weights weights;
    private final BackboneInfo info;
    private final Map<String, FeatureTap> tapsByName = new LinkedHashMap<>();

    public BigGan512Backbone(BigGan512Weights weights) {
        this.config = weights.config();
        this.weights = weights;
        this.info = info(config);
        for (FeatureTap t : info.taps()) tapsByName.put(t.name(), t);
    }

    /**
     * What a generator with {@code config} is, without weights. Its levels are those
     * {@link dev.dgan.api.TapLevel#derive} gives; for the 512 px model that is BigDatasetGAN's
     * grouping (low: feat.0-2 at 32 px, mid: feat.3-5 at 128, high: feat.6-7 at 512).
     */
    public static BackboneInfo info(BigGan512Config config) {
        return new BackboneInfo(NAME, VARIANT, config.imageResolution(), 3,
                ImageNetLabels.of(config.nClasses()), config.zDim(), 0, 0, taps(config));
    }

    /** A backbone from a BigGAN-PyTorch state dict; the caller keeps ownership of {@code stateDict}. */
    public static BigGan512Backbone fromStateDict(Map<String, Tensor> stateDict, BigGan512Config config, String source,
                                                  Device device) {
        return new BigGan512Backbone(BigGan512Weights.fromStateDict(stateDict, config, source, device));
    }

    /**
     * The taps of a generator with {@code config}: the shared class embedding {@code shared(c)}
     * as {@link FeatureTap#CLASS_EMBEDDING} [N, shared_dim, 1, 1], then one per GBlock and
     * attention block, in order.
     */
    public static List<FeatureTap> taps(BigGan512Config config) {
        List<FeatureTap> taps = new ArrayList<>();
        taps.add(new FeatureTap(FeatureTap.CLASS_EMBEDDING, config.embeddingDim(), 1));
        int feature = 0;
        for (BigGan512Config.Block b : config.blocks()) {
            taps.add(new FeatureTap("feat." + feature++, b.out(), b.outResolution()));
            if (b.attention()) taps.add(new FeatureTap("feat." + feature++, b.out(), b.outResolution()));
        }
        return taps;
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    public BigGan512Config config() {
        return config;
    }

    public Device device() {
        return weights.device();
    }

    // ----- sampling ---------------------------------------------------------------------------

    /**
     * One z per seed as BigDatasetGAN's {@code sample_dataset.py} draws it,
     * {@code torch.empty(1, dim_z).normal_(0, z_var)} (plain normal with standard deviation
     * {@code z_var}, not truncated) from libtorch's CPU generator seeded with the seed, with the
     * class ids.
     */
    @Override
    public Latents sample(SampleRequest request) {
        if (request.truncation() != 1.0)
            throw new IllegalArgumentException("BigGAN (BigDatasetGAN layout) does not truncate: it draws plain normal z;"
                    + " truncation must be 1, got " + request.truncation());
        int[] ids = request.classIds().orElseThrow(() -> new IllegalArgumentException(
                "BigGAN is class-conditional (" + config.nClasses() + " classes): the sample request needs one"
                        + " class id per seed"));
        for (int id : ids) checkClassId(id);
        int n = request.count(), d = config.zDim();
        float[] z = new float[n * d];
        for (int i = 0; i < n; i++) {
            try (Generator g = Generator.seeded(request.samples().get(i).seed());
                 Tensor row = Ops.normal(g, 0, config.zVar(), DType.F32, Device.CPU, 1, d)) {
                System.arraycopy(row.toFloatArray(), 0, z, i * d, d);
            }
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
        return new Latents(Latents.Kind.Z, zt, Optional.of(ct));
    }

    private void checkClassId(long id) {
        if (id < 0 || id >= config.nClasses()) {
            throw new IllegalArgumentException("class id " + id + " out of range 0.." + (config.nClasses() - 1));
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

    /** The image for {@code latents}, showing every named intermediate to {@code trace}. */
    Tensor run(Latents latents, Trace trace) {
        if (latents.kind() != Latents.Kind.Z) {
            throw new IllegalArgumentException("BigGAN takes z latents, got " + latents.kind());
        }
        long[] zs = latents.values().shape();
        if (zs.length != 2 || zs[0] < 1 || zs[1] != config.zDim() || !latents.values().dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("latents Z: expected floating-point [N, z_dim=" + config.zDim()
                    + "] with N >= 1, got " + latents.values().dtype() + Arrays.toString(zs)
                    + (config.hier() ? " (hierarchical z: dim_z " + config.dimZ() + " is cut to " + config.numSlots()
                    + " chunks of " + config.zChunkSize() + ")" : ""));
        }
        long n = zs[0];
        Tensor c = latents.classes().orElseThrow(() -> new IllegalArgumentException(
                "BigGAN is class-conditional: z latents need int64 class ids [N]"));
        long[] cs = c.shape();
        if (cs.length != 1 || cs[0] != n || c.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("latent classes: expected integer ids [" + n + "], got " + c.dtype()
                    + Arrays.toString(cs));
        }
        for (long id : c.toLongArray()) checkClassId(id);

        try (TensorScope s = TensorScope.open()) {
            Device device = weights.device();
            Tensor z = Ops.toCopy(latents.values(), DType.F32, device);
            Tensor y = NN.embedding(weights.get("shared.weight"), Ops.toCopy(c, DType.I64, device));
            trace.accept("y", y);
            trace.accept(FeatureTap.CLASS_EMBEDDING, Ops.reshape(y, n, -1, 1, 1));
            List<BigGan512Config.Block> blocks = config.blocks();
            Tensor z0 = z;
            List<Tensor> ys = new ArrayList<>();
            if (config.hier()) {
                List<Tensor> chunks = Ops.split(z, config.zChunkSize(), 1);
                z0 = chunks.get(0);
                for (int i = 0; i < blocks.size(); i++) ys.add(Ops.cat(List.of(y, chunks.get(i + 1)), 1));
            } else {
                for (int i = 0; i < blocks.size(); i++) ys.add(y);
            }
            Tensor h = NN.linear(z0, weights.get("linear.weight"), weights.get("linear.bias"));
            h = Ops.reshape(h, n, -1, config.bottomWidth(), config.bottomWidth());
            trace.accept("linear", h);
            int feature = 0;
            for (int i = 0; i < blocks.size(); i++) {
                h = gBlock("blocks." + i + ".0", h, ys.get(i));
                trace.accept("feat." + feature++, h);
                if (blocks.get(i).attention()) {
                    h = attention("blocks." + i + ".1", h);
                    trace.accept("feat." + feature++, h);
                }
            }
            h = NN.batchNorm(h, weights.get("output_layer.0.gain"), weights.get("output_layer.0.bias"),
                    weights.get("output_layer.0.stored_mean"), weights.get("output_layer.0.stored_var"), false, 0.1,
                    BigGan512Config.OUTPUT_BN_EPS);
            h = conv("output_layer.2", NN.relu(h), 1);
            trace.accept("out_pre_tanh", h);
            return s.keep(NN.tanh(h));
        }
    }

    /** {@code batch_norm(x, stored stats, BN_eps) * (1 + gain(y)) + bias(y)}, per-sample gain and bias. */
    private Tensor conditionalBn(String p, Tensor x, Tensor y) {
        Tensor gain = Ops.add(NN.linear(y, weights.get(p + ".gain.weight"), null), 1.0);
        Tensor bias = NN.linear(y, weights.get(p + ".bias.weight"), null);
        Tensor out = NN.batchNorm(x, null, null, weights.get(p + ".stored_mean"), weights.get(p + ".stored_var"),
                false, 0.1, config.bnEps());
        return Ops.add(Ops.mul(out, Ops.unsqueeze(Ops.unsqueeze(gain, -1), -1)),
                Ops.unsqueeze(Ops.unsqueeze(bias, -1), -1));
    }

    private Tensor conv(String p, Tensor x, int padding) {
        return NN.conv2d(x, weights.get(p + ".weight"), weights.get(p + ".bias"), 1, padding);
    }

    private static Tensor up(Tensor x) {
        return NN.upsampleNearest(x, x.size(2) * 2, x.size(3) * 2);
    }

    /** relu(bn1) -> up -> conv1 -> relu(bn2) -> conv2, plus conv_sc (1x1) of the upsampled input. */
    private Tensor gBlock(String p, Tensor x, Tensor y) {
        // a scope per block: its intermediates (several maps of the output's size) are freed
        // before the next block, which bounds peak memory at 512 px to about one block's worth
        try (TensorScope s = TensorScope.open()) {
            Tensor h = up(NN.relu(conditionalBn(p + ".bn1", x, y)));
            h = conv(p + ".conv1", h, 1);
            h = conv(p + ".conv2", NN.relu(conditionalBn(p + ".bn2", h, y)), 1);
            return s.keep(Ops.add(h, conv(p + ".conv_sc", up(x), 0)));
        }
    }

    /** SAGAN self-attention with 2x2 max-pooled keys and values: gamma * o(g softmax(theta^T phi)^T) + x. */
    private Tensor attention(String p, Tensor x) {
        long n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
        try (TensorScope s = TensorScope.open()) {
            Tensor theta = Ops.reshape(NN.conv2d(x, weights.get(p + ".theta.weight"), null, 1, 0), n, ch / 8, h * w);
            Tensor phi = NN.maxPool2d(NN.conv2d(x, weights.get(p + ".phi.weight"), null, 1, 0), 2, 2, 0);
            phi = Ops.reshape(phi, n, ch / 8, h * w / 4);
            Tensor g = NN.maxPool2d(NN.conv2d(x, weights.get(p + ".g.weight"), null, 1, 0), 2, 2, 0);
            g = Ops.reshape(g, n, ch / 2, h * w / 4);
            Tensor beta = NN.softmax(Ops.bmm(Ops.transpose(theta, 1, 2), phi), -1);
            Tensor o = NN.conv2d(Ops.reshape(Ops.bmm(g, Ops.transpose(beta, 1, 2)), n, ch / 2, h, w),
                    weights.get(p + ".o.weight"), null, 1, 0);
            return s.keep(Ops.add(Ops.mul(weights.get(p + ".gamma"), o), x));
        }
    }

    @Override
    public void close() {
        weights.close();
    }

    @Override
    public String toString() {
        return "BigGan512Backbone(" + config.imageResolution() + "px, " + config.nClasses() + " classes, "
                + weights.device() + ")";
    }

    @Override
    public OptionalDouble flopsPerImage() {
        return OptionalDouble.of(FlopCount.of(config).total());
    }
}
