package dev.dgan.stylegan.v1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.checkpoint.NpyFile;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deterministic DatasetGAN {@code g_all} state dict of the real shapes with random weights, and
 * its average latent: for benchmarks at 256, 512 and 1024 px and for comparisons with the
 * reference pipeline before any checkpoint is downloaded. The names and shapes are those of
 * {@code nn.Sequential(g_mapping=G_mapping(), truncation=..., g_synthesis=G_synthesis(resolution))}
 * with the reference's defaults, so the reference's {@code load_state_dict} takes the file as it
 * takes a {@code *.for_g_all.pt} (after {@code torch.save} of the same tensors).
 *
 * <p>Shapes: the mapping is 8 dense layers of 512 (DatasetGAN's {@code G_mapping} has no
 * parameters for them); block {@code R x R} has {@code min(16384 / R, 512)} channels
 * ({@code fmap_base} 8192, {@code fmap_max} 512). Values, raw as the equalized learning rate
 * stores them: weights standard normal (mapping weights scaled by 1 / lrmul = 100, as the
 * reference initialises them), biases N(0, 0.1) at their effective scale, noise strengths
 * N(0.1, 0.02) (zero at the reference's init, which would hide the noise path), the 4x4
 * constant standard normal, the blur buffers the fixed [1, 2, 1] kernel.
 */
public final class StyleGan1RandomWeights {

    /** DatasetGAN's {@code G_mapping} hard-codes eight 512 x 512 layers and z_dim 512. */
    public static final int LATENT = 512;
    public static final int MAPPING_LAYERS = 8;
    /** Latents averaged for the average latent, as {@code make_mean_latent} does with its n_latent. */
    static final int AVERAGE_OF = 1024;

    private StyleGan1RandomWeights() {}

    /** Channels of the block of side {@code r}: the reference's {@code nf(log2(r) - 1)}. */
    public static int channels(int r) {
        return Math.min(16384 / r, 512);
    }

    /** The state dict for a generator of side {@code resolution}; tensors on the CPU, owned by the caller. */
    public static Map<String, Tensor> stateDict(int resolution, long seed) {
        if (resolution < 4 || Integer.bitCount(resolution) != 1) {
            throw new IllegalArgumentException("stylegan1: resolution must be a power of two >= 4, got " + resolution);
        }
        Map<String, Tensor> sd = new LinkedHashMap<>();
        try (Generator g = Generator.seeded(seed)) {
            for (int i = 0; i < MAPPING_LAYERS; i++) {
                String p = "g_mapping.dense" + i;
                // raw = effective / lrmul (0.01): the effective weights are He-scaled normals, the biases N(0, 0.1)
                sd.put(p + ".weight", Ops.normal(g, 0, 100, DType.F32, Device.CPU, LATENT, LATENT));
                sd.put(p + ".bias", Ops.normal(g, 0, 10, DType.F32, Device.CPU, LATENT));
            }
            int prev = -1;
            for (int r = 4; r <= resolution; r *= 2) {
                String p = "g_synthesis.blocks." + r + "x" + r + ".";
                int c = channels(r);
                if (r == 4) {
                    sd.put(p + "const", Ops.randn(g, DType.F32, Device.CPU, 1, c, 4, 4));
                    sd.put(p + "bias", small(g, c));
                    epilogue(sd, g, p + "epi1", c);
                    sd.put(p + "conv.weight", Ops.randn(g, DType.F32, Device.CPU, c, c, 3, 3));
                    sd.put(p + "conv.bias", small(g, c));
                } else {
                    sd.put(p + "conv0_up.weight", Ops.randn(g, DType.F32, Device.CPU, c, prev, 3, 3));
                    sd.put(p + "conv0_up.bias", small(g, c));
                    sd.put(p + "conv0_up.intermediate.kernel", blurKernel());
                    epilogue(sd, g, p + "epi1", c);
                    sd.put(p + "conv1.weight", Ops.randn(g, DType.F32, Device.CPU, c, c, 3, 3));
                    sd.put(p + "conv1.bias", small(g, c));
                }
                epilogue(sd, g, p + "epi2", c);
                prev = c;
            }
            sd.put("g_synthesis.torgb.weight", Ops.randn(g, DType.F32, Device.CPU, 3, prev, 1, 1));
            sd.put("g_synthesis.torgb.bias", small(g, 3));
        } catch (RuntimeException e) {
            sd.values().forEach(Tensor::close);
            throw e;
        }
        return sd;
    }

    private static void epilogue(Map<String, Tensor> sd, Generator g, String p, int c) {
        sd.put(p + ".top_epi.noise.weight", Ops.normal(g, 0.1, 0.02, DType.F32, Device.CPU, c));
        sd.put(p + ".style_mod.lin.weight", Ops.randn(g, DType.F32, Device.CPU, 2L * c, LATENT));
        sd.put(p + ".style_mod.lin.bias", small(g, 2L * c));
    }

    private static Tensor small(Generator g, long n) {
        return Ops.normal(g, 0, 0.1, DType.F32, Device.CPU, n);
    }

    private static Tensor blurKernel() {
        float[] k = {1, 2, 1, 2, 4, 2, 1, 2, 1};
        for (int i = 0; i < k.length; i++) k[i] /= 16f;
        return Tensor.of(k, 1, 1, 3, 3);
    }

    /**
     * The average latent of {@code stateDict}'s mapping, [1, 18, 512] as DatasetGAN saves it:
     * the mean of the mapping network over {@value #AVERAGE_OF} standard normal z drawn from
     * {@code seed}, broadcast to 18 ws (what {@code G_mapping.make_mean_latent} computes).
     */
    public static Tensor averageLatent(Map<String, Tensor> stateDict, int resolution, long seed) {
        try (TensorScope scope = TensorScope.open(); Generator g = Generator.seeded(seed);
             // the mapping does not read the average latent: zeros stand in for it
             StyleGan1Generator net = new StyleGan1Generator(stateDict, Ops.zeros(DType.F32, Device.CPU, LATENT), 0, resolution,
                     Device.CPU)) {
            Tensor w = net.mapping(Ops.randn(g, DType.F32, Device.CPU, AVERAGE_OF, LATENT));
            Tensor mean = Ops.mean(w, new long[] {0}, true); // [1, 512]
            return scope.keep(Ops.contiguous(Ops.expand(Ops.unsqueeze(mean, 1), 1, StyleGan1Backbone.DATASETGAN_WS, LATENT)));
        }
    }

    /**
     * {@code BackboneProvider.writeRandomCheckpoint} for stylegan1: the state dict to {@code out}
     * (safetensors) and the average latent to the {@code .npy} the config names. A config that
     * names none gets {@code "average_latent": "avg_latent.npy"} (beside it) added, so the same
     * config loads the pair. The config must give the resolution (or a DatasetGAN category); an
     * existing average latent is not overwritten, since it would not belong to these weights.
     */
    public static void write(Path configJson, long seed, Path out) throws IOException {
        StyleGan1Config config = StyleGan1Config.parse(configJson);
        if (config.resolution() == 0) {
            throw new IOException(configJson + ": resolution: random weights need the output side, a power of two >= 4"
                    + " (e.g. 256; DatasetGAN uses 256, 512 and 1024), or a DatasetGAN category");
        }
        Path avgPath = config.averageLatent().orElse(null);
        if (avgPath == null) {
            avgPath = configJson.toAbsolutePath().resolveSibling("avg_latent.npy");
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = (ObjectNode) json.readTree(Files.readString(configJson));
            root.put("average_latent", avgPath.getFileName().toString());
            Files.writeString(configJson, json.writeValueAsString(root) + "\n");
        }
        if (Files.exists(avgPath)) {
            throw new IOException(configJson + ": average_latent: " + avgPath + " exists; random weights write their own"
                    + " average latent: remove it or name a new file");
        }
        Map<String, Tensor> sd = stateDict(config.resolution(), seed);
        try (Tensor avg = averageLatent(sd, config.resolution(), seed + 1)) {
            SafetensorsWriter.write(out, TensorData.of(sd), Map.of("format", "pt"));
            if (avgPath.getParent() != null) Files.createDirectories(avgPath.getParent());
            NpyFile.write(avgPath, avg);
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
