package dev.dgan.stylegan.v2;

import java.util.OptionalDouble;
import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.sampling.NumpyRandomState;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
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
 * A StyleGAN2 generator (NVlabs stylegan2-ada-pytorch math) as a {@link Backbone}. Feature taps
 * are every synthesis layer output in order: {@code b4.conv1}, {@code b8.conv0}, {@code b8.conv1},
 * ..., each [N, channels(R), R, R].
 */
public final class StyleGan2Backbone implements Backbone {

    public static final String NAME = "stylegan2";
    public static final String VARIANT_NVLABS = "nvlabs";
    public static final String VARIANT_ROSINALITY = "rosinality";

    /**
     * Run-time choices that are not part of the checkpoint.
     *
     * @param noise            noise source of the synthesis layers
     * @param noiseSeed        seed of the generator RANDOM noise is drawn from, fresh per call
     * @param truncationCutoff truncate only the first this many ws; 0 = all (the default)
     */
    public record Options(NoiseMode noise, long noiseSeed, int truncationCutoff) {
        public static final Options DEFAULT = new Options(NoiseMode.CONST, 0, 0);

        public Options {
            if (noise == null) throw new IllegalArgumentException("noise mode is required");
            if (truncationCutoff < 0) throw new IllegalArgumentException("truncation cutoff must be >= 0, got " + truncationCutoff);
        }
    }

    private final StyleGan2Config config;
    private final String variant;
    private final Options options;
    private final StyleGan2Weights weights;
    private final MappingNetwork mapping;
    private final SynthesisNetwork synthesis;
    private final BackboneInfo info;
    private final Map<String, FeatureTap> tapsByName = new LinkedHashMap<>();

    StyleGan2Backbone(StyleGan2Weights weights, String variant, Options options) {
        this.config = weights.config();
        this.variant = variant;
        this.options = options;
        this.weights = weights;
        MappingNetwork m = null;
        try {
            m = new MappingNetwork(weights);
            this.mapping = m;
            this.synthesis = new SynthesisNetwork(weights);
        } catch (RuntimeException e) {
            if (m != null) m.close();
            weights.close();
            throw e;
        }
        for (FeatureTap t : taps(config)) tapsByName.put(t.name(), t);
        this.info = new BackboneInfo(NAME, variant, config.imgResolution(), config.imgChannels(),
                config.cDim() > 0 ? new Conditioning.ClassLabels(config.cDim()) : Conditioning.NONE,
                config.zDim(), config.wDim(), config.numWs(), List.copyOf(tapsByName.values()));
    }

    // ----- construction -------------------------------------------------------------------------

    /**
     * A backbone from an NVlabs state dict (names as in {@code G_ema.state_dict()}). The tensors
     * are validated against {@code config}, then copied to {@code device}; the caller keeps
     * ownership of {@code stateDict} and may close it afterwards.
     */
    public static StyleGan2Backbone fromStateDict(Map<String, Tensor> stateDict, StyleGan2Config config, Device device) {
        return fromStateDict(stateDict, config, device, "state dict", Options.DEFAULT);
    }

    /** As {@link #fromStateDict(Map, StyleGan2Config, Device)}; {@code source} names the tensors in errors. */
    public static StyleGan2Backbone fromStateDict(Map<String, Tensor> stateDict, StyleGan2Config config, Device device,
                                                  String source, Options options) {
        return new StyleGan2Backbone(StyleGan2Weights.fromNvlabs(stateDict, config, source, device), VARIANT_NVLABS, options);
    }

    /**
     * A backbone from a rosinality/stylegan2-pytorch {@code g_ema} state dict and the
     * checkpoint's top-level {@code latent_avg} (null: estimated, see {@link RosinalityLayout}).
     */
    public static StyleGan2Backbone fromRosinality(Map<String, Tensor> gEma, Tensor latentAvg, StyleGan2Config config,
                                                   Device device, String source, Options options) {
        StyleGan2Weights w = RosinalityLayout.toWeights(gEma, latentAvg, config, source, device);
        return new StyleGan2Backbone(w, VARIANT_ROSINALITY, options);
    }

    /** The feature taps of a generator with {@code config}, in the order they are produced. */
    public static List<FeatureTap> taps(StyleGan2Config config) {
        List<FeatureTap> taps = new ArrayList<>();
        for (int res : config.blockResolutions()) {
            if (res > 4) taps.add(new FeatureTap("b" + res + ".conv0", config.channels(res), res));
            taps.add(new FeatureTap("b" + res + ".conv1", config.channels(res), res));
        }
        return taps;
    }

    // ----- Backbone -----------------------------------------------------------------------------

    @Override
    public BackboneInfo info() {
        return info;
    }

    public StyleGan2Config config() {
        return config;
    }

    public Options options() {
        return options;
    }

    public Device device() {
        return weights.device();
    }

    public MappingNetwork mapping() {
        return mapping;
    }

    public SynthesisNetwork synthesis() {
        return synthesis;
    }

    @Override
    public Latents sample(SampleRequest request) {
        if (config.cDim() > 0 && request.classIds().isEmpty()) {
            throw new IllegalArgumentException("this StyleGAN2 model is class-conditional (c_dim " + config.cDim()
                    + "): the sample request needs one class id per seed");
        }
        if (config.cDim() == 0 && request.classIds().isPresent()) {
            throw new IllegalArgumentException("this StyleGAN2 model is unconditional: class ids are not accepted");
        }
        request.classIds().ifPresent(ids -> {
            for (int id : ids) {
                if (id < 0 || id >= config.cDim()) {
                    throw new IllegalArgumentException("class id " + id + " out of range 0.." + (config.cDim() - 1));
                }
            }
        });
        try (TensorScope s = TensorScope.open()) {
            List<Tensor> rows = new ArrayList<>();
            for (long seed : request.seeds()) rows.add(drawZ(seed));
            Tensor z = s.keep(Ops.cat(rows, 0));
            Optional<Tensor> classes = request.classIds().map(ids -> {
                long[] l = new long[ids.length];
                for (int i = 0; i < l.length; i++) l[i] = ids[i];
                return s.keep(Tensor.of(l, l.length));
            });
            return new Latents(Latents.Kind.Z, z, classes, request.truncation());
        }
    }

    /**
     * z [1, z_dim] for one seed, drawn as NVlabs generate.py draws it:
     * {@code np.random.RandomState(seed).randn(1, z_dim)} in float64, rounded to float32.
     * A seed therefore names the same sample here and in the reference tools.
     */
    Tensor drawZ(long seed) {
        return Tensor.of(NumpyRandomState.randn(seed, config.zDim()), 1, config.zDim());
    }

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
        checkLatents(latents);
        try (TensorScope s = TensorScope.open();
             Generator noise = options.noise() == NoiseMode.RANDOM ? Generator.seeded(options.noiseSeed()) : null) {
            Device device = weights.device();
            Tensor values = Ops.toCopy(latents.values(), DType.F32, device);
            Tensor ws = switch (latents.kind()) {
                case Z -> {
                    Tensor c = latents.classes().map(t -> t.to(device)).orElse(null);
                    yield mapping.forward(values, c, truncation, options.truncationCutoff(), trace);
                }
                case W -> mapping.broadcastAndTruncate(values, truncation, options.truncationCutoff());
                case WS -> values;
                case CODES -> throw new IllegalStateException("unreachable: code grids are rejected by checkLatents");
            };
            trace.accept("ws", ws);
            return s.keep(synthesis.forward(ws, options.noise(), noise, trace));
        }
    }

    private void checkLatents(Latents l) {
        if (l.kind() == Latents.Kind.CODES) {
            throw new IllegalArgumentException("stylegan2 takes z, w or ws latents, not code grids");
        }
        long[] shape = l.values().shape();
        long[] expected = switch (l.kind()) {
            case Z -> new long[] {-1, config.zDim()};
            case W -> new long[] {-1, config.wDim()};
            case WS -> new long[] {-1, config.numWs(), config.wDim()};
            case CODES -> throw new IllegalStateException("unreachable");
        };
        String want = switch (l.kind()) {
            case Z -> "[N, z_dim=" + config.zDim() + "]";
            case W -> "[N, w_dim=" + config.wDim() + "]";
            case WS -> "[N, num_ws=" + config.numWs() + ", w_dim=" + config.wDim() + "]";
            case CODES -> throw new IllegalStateException("unreachable");
        };
        boolean ok = shape.length == expected.length && shape[0] > 0;
        for (int i = 1; ok && i < shape.length; i++) ok = shape[i] == expected[i];
        if (!ok) {
            throw new IllegalArgumentException("latents " + l.kind() + ": expected shape " + want + " with N >= 1, got "
                    + Arrays.toString(shape));
        }
        if (!l.values().dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("latents " + l.kind() + ": expected floating-point values, got " + l.values().dtype());
        }
        long n = shape[0];
        if (l.classes().isPresent()) {
            if (config.cDim() == 0) {
                throw new IllegalArgumentException("this StyleGAN2 model is unconditional (c_dim 0): latents must not carry classes");
            }
            Tensor c = l.classes().get();
            long[] cs = c.shape();
            boolean ids = cs.length == 1 && cs[0] == n && !c.dtype().isFloatingPoint();
            boolean labels = cs.length == 2 && cs[0] == n && cs[1] == config.cDim() && c.dtype().isFloatingPoint();
            if (!ids && !labels) {
                throw new IllegalArgumentException("latent classes: expected integer ids [" + n + "] or float labels ["
                        + n + ", c_dim=" + config.cDim() + "], got " + c.dtype() + Arrays.toString(cs));
            }
            if (ids) {
                for (long id : c.toLongArray()) {
                    if (id < 0 || id >= config.cDim()) {
                        throw new IllegalArgumentException("latent classes: id " + id + " out of range 0.." + (config.cDim() - 1));
                    }
                }
            }
        } else if (config.cDim() > 0 && l.kind() == Latents.Kind.Z) {
            throw new IllegalArgumentException("this StyleGAN2 model is class-conditional (c_dim " + config.cDim()
                    + "): z latents need classes");
        }
    }

    @Override
    public void close() {
        synthesis.close();
        mapping.close();
        weights.close();
    }

    @Override
    public String toString() {
        return "StyleGan2Backbone(" + variant + ", " + config.imgResolution() + "px, " + weights.device() + ")";
    }

    @Override
    public OptionalDouble flopsPerImage() {
        return OptionalDouble.of(StyleGan2Flops.forward(config));
    }
}
