package dev.dgan.stylegan.v1;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.sampling.NumpyRandomState;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.checkpoint.NpyFile;
import dev.dgan.runtime.checkpoint.StateDicts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DatasetGAN's StyleGAN1 ({@code stylegan1}, variant {@code datasetgan}) as a {@link Backbone}.
 *
 * <p>Build it from a {@code g_all} state dict, a {@link StyleGan1Config} and the average latent:
 * {@link #create(Map, StyleGan1Config, Tensor, Device)} with tensors in hand, or
 * {@link #load(Path, StyleGan1Config, Device)} / {@link #load(BackboneSource, Device)} from
 * files ({@code .pt} as DatasetGAN ships it, or {@code .safetensors}; the average latent is the
 * {@code .npy} the config names).
 *
 * <p>{@link #synthesize} takes {@link Latents.Kind#Z Z} (mapping, broadcast, truncation with
 * the latents' psi and the config's max_layer), {@link Latents.Kind#W W} [N, w_dim] (broadcast,
 * no truncation) or {@link Latents.Kind#WS WS} [N, num_ws or 18, w_dim] (used as is). Noise:
 * see {@link StyleGan1Noise}; without one, each sample's noise is seeded from its latent.
 */
public final class StyleGan1Backbone implements Backbone {

    public static final String NAME = "stylegan1";
    public static final String VARIANT = "datasetgan";
    /** DatasetGAN's mapping always broadcasts to 18 ws, whatever the resolution; such ws are accepted. */
    public static final int DATASETGAN_WS = 18;

    private final StyleGan1Generator generator;
    private final StyleGan1Config config;
    private final BackboneInfo info;

    private StyleGan1Backbone(StyleGan1Generator generator, StyleGan1Config config) {
        this.generator = generator;
        this.config = config;
        this.info = new BackboneInfo(NAME, VARIANT, generator.resolution(), generator.imageChannels(), Conditioning.NONE,
                generator.zDim(), generator.wDim(), generator.numWs(), generator.taps());
    }

    /**
     * A backbone over a {@code g_all} state dict (borrowed; copied to {@code device}), the
     * config's resolution and max_layer, and the average latent ([1, 18, w_dim] as DatasetGAN
     * saves it; borrowed).
     */
    public static StyleGan1Backbone create(Map<String, Tensor> stateDict, StyleGan1Config config, Tensor avgLatent,
                                           Device device) {
        return new StyleGan1Backbone(new StyleGan1Generator(stateDict, avgLatent, config.maxLayer(), config.resolution(),
                device), config);
    }

    /**
     * Reads the state dict from {@code checkpoint} ({@code .safetensors}, or a torch.save file
     * such as DatasetGAN's {@code *.for_g_all.pt}) and the average latent {@code .npy} named by
     * {@code config.averageLatent()}.
     */
    public static StyleGan1Backbone load(Path checkpoint, StyleGan1Config config, Device device) throws IOException {
        Path avgPath = config.averageLatent().orElseThrow(() -> new IOException("stylegan1: " + checkpoint
                + ": DatasetGAN checkpoints do not contain the average latent; the config must name it (average_latent)"));
        try (TensorScope scope = TensorScope.open()) {
            Tensor avg = NpyFile.read(avgPath);
            try {
                // create() copies the weights to the device, so lent tensors suffice
                return StateDicts.read(checkpoint, sd -> create(sd, config, avg, device));
            } catch (IllegalArgumentException e) {
                throw new IOException(checkpoint + " (average latent " + avgPath + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * From a {@link BackboneSource}: the config JSON is required (DatasetGAN checkpoints carry no
     * truncation settings and no average latent); the checkpoint path is the source's.
     */
    public static StyleGan1Backbone load(BackboneSource source, Device device) throws IOException {
        Path json = source.config().orElseThrow(() -> new IOException("stylegan1: " + source.checkpoint()
                + ": a config JSON is required (resolution, max_layer, truncation, average_latent)"));
        return load(source.checkpoint(), StyleGan1Config.parse(json), device);
    }

    public StyleGan1Config config() {
        return config;
    }

    /** The network, for direct access to mapping, truncation and synthesis. */
    public StyleGan1Generator generator() {
        return generator;
    }

    @Override
    public BackboneInfo info() {
        return info;
    }

    /** One z per seed: a CPU generator seeded with the seed draws randn [1, z_dim]. On the backbone's device. */
    @Override
    public Latents sample(SampleRequest request) {
        if (request.classIds().isPresent()) {
            throw new IllegalArgumentException("stylegan1 is unconditional; the request has class ids");
        }
        try (TensorScope scope = TensorScope.open()) {
            return Latents.z(scope.keep(drawZ(request.seeds(), generator.zDim()).to(generator.device())))
                    .withTruncation(request.truncation());
        }
    }

    /**
     * z [N, zDim] on the CPU, row i = {@code np.random.RandomState(seeds[i]).randn(1, zDim)} in
     * float32: DatasetGAN draws its latents with numpy, so a seed names the same latent there.
     */
    static Tensor drawZ(long[] seeds, int zDim) {
        float[] z = new float[seeds.length * zDim];
        for (int i = 0; i < seeds.length; i++) {
            System.arraycopy(NumpyRandomState.randn(seeds[i], zDim), 0, z, i * zDim, zDim);
        }
        return Tensor.of(z, seeds.length, zDim);
    }

    /** As {@link #synthesize(Latents, FeatureSink, StyleGan1Noise)} with noise seeded from each latent. */
    @Override
    public Tensor synthesize(Latents latents, FeatureSink taps) {
        return synthesize(latents, taps, StyleGan1Noise.FROM_LATENTS);
    }

    /**
     * Runs the generator with the given noise. Returns the raw image [N, 3, R, R] on the
     * backbone's device, owned by the caller; everything else made here is freed before return.
     * Taps are borrowed; a copy a sink makes while called belongs to the scope this method
     * opens, so a sink that keeps one takes it out with {@link TensorScope#release}.
     */
    public Tensor synthesize(Latents latents, FeatureSink taps, StyleGan1Noise noise) {
        if (latents.classes().isPresent()) throw new IllegalArgumentException("stylegan1 is unconditional; latents carry class ids");
        double truncation = latents.truncation();
        if (!(truncation >= 0 && truncation <= 1)) {
            throw new IllegalArgumentException("stylegan1: truncation psi must be in [0, 1], got " + truncation);
        }
        Tensor values = latents.values();
        long[] s = values.shape();
        long n = checkLatents(latents.kind(), s);
        try (TensorScope scope = TensorScope.open()) {
            Tensor ws = switch (latents.kind()) {
                case Z -> generator.truncate(generator.broadcast(generator.mapping(values)), truncation);
                case W -> generator.broadcast(values.to(DType.F32).to(generator.device()));
                case WS -> values;
                case CODES -> throw new IllegalStateException("unreachable: code grids are rejected by checkLatents");
            };
            Map<String, Tensor> maps = switch (noise) {
                case StyleGan1Noise.Fixed f -> f.maps();
                case StyleGan1Noise.Seeded sd -> {
                    long[] seeds = sd.seeds();
                    if (seeds.length != n) {
                        throw new IllegalArgumentException("stylegan1: " + seeds.length + " noise seeds for " + n + " samples");
                    }
                    yield generator.seededNoise(noiseSeeds(seeds));
                }
                case StyleGan1Noise.FromLatents fl -> generator.seededNoise(noiseSeeds(latentSeeds(values)));
                case StyleGan1Noise.None none -> null;
            };
            return scope.keep(generator.synthesis(ws, maps, taps == null ? FeatureSink.NONE : taps));
        }
    }

    private long checkLatents(Latents.Kind kind, long[] s) {
        int z = generator.zDim(), w = generator.wDim(), numWs = generator.numWs();
        boolean ok = switch (kind) {
            case Z -> s.length == 2 && s[1] == z;
            case W -> s.length == 2 && s[1] == w;
            case WS -> s.length == 3 && (s[1] == numWs || s[1] == DATASETGAN_WS) && s[2] == w;
            case CODES -> false;
        };
        if (!ok || s[0] < 1) {
            String expected = switch (kind) {
                case Z -> "[N, " + z + "]";
                case W -> "[N, " + w + "]";
                case WS -> "[N, " + numWs + ", " + w + "]" + (numWs == DATASETGAN_WS ? "" : " or DatasetGAN's [N, 18, " + w + "]");
                case CODES -> "z, w or ws latents (stylegan1 takes no code grids)";
            };
            throw new IllegalArgumentException("stylegan1: " + kind + " latents have shape " + Arrays.toString(s)
                    + ", expected " + expected);
        }
        return s[0];
    }

    private static long[] noiseSeeds(long[] sampleSeeds) {
        long[] out = new long[sampleSeeds.length];
        for (int i = 0; i < out.length; i++) out[i] = StyleGan1Noise.noiseSeed(sampleSeeds[i]);
        return out;
    }

    /** One seed per sample from the float bits of its latent row (FNV-1a over the ints). */
    static long[] latentSeeds(Tensor values) {
        float[] v = values.toFloatArray();
        int n = (int) values.size(0);
        int per = v.length / n;
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            long h = 0xcbf29ce484222325L;
            for (int j = 0; j < per; j++) {
                h ^= Float.floatToIntBits(v[i * per + j]);
                h *= 0x100000001b3L;
            }
            seeds[i] = h;
        }
        return seeds;
    }

    @Override
    public void close() {
        generator.close();
    }
}
