package dev.dgan.biggan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constructor arguments of a BigGAN generator in the layout of Brock's BigGAN-PyTorch
 * ({@code BigGAN.Generator}), as BigDatasetGAN's {@code get_config} writes them: {@code G_ch},
 * {@code dim_z}, {@code shared_dim}, {@code G_attn}, {@code resolution}, {@code n_classes},
 * {@code hier}, {@code BN_eps}, {@code SN_eps}, {@code bottom_width}. Only the shared class
 * embedding ({@code G_shared}), spectral norm ({@code G_param = SN}) and {@code norm_style = bn}
 * are supported. {@code z_var} is not a generator argument: it is the standard deviation
 * BigDatasetGAN samples z with (default 0.9).
 *
 * @param gCh                  channel multiplier {@code G_ch}
 * @param dimZ                 {@code dim_z} as given; with {@code hier} the model input is {@link #zDim()}
 * @param sharedDim            size of the shared class embedding ({@code shared_dim}, 0 means {@code dim_z})
 * @param attentionResolutions resolutions after whose block self-attention sits ({@code G_attn}, '_'-separated)
 * @param resolution           output side: 32, 64, 128, 256 or 512
 * @param nClasses             number of classes
 * @param hier                 hierarchical z: one chunk to the linear layer, one per block
 * @param bnEps                epsilon of the conditional batch norms ({@code BN_eps}; the output bn keeps 1e-5)
 * @param snEps                epsilon of the spectral-norm power step's normalisation ({@code SN_eps})
 * @param bottomWidth          side of the first feature map
 * @param zVar                 standard deviation of z when sampling
 */
public record BigGan512Config(int gCh, int dimZ, int sharedDim, Set<Integer> attentionResolutions, int resolution,
                              int nClasses, boolean hier, double bnEps, double snEps, int bottomWidth, double zVar) {

    /** Epsilon of the output layer's {@code layers.bn}: its default, BN_eps is not passed to it. */
    public static final double OUTPUT_BN_EPS = 1e-5;

    /** One GBlock (every block upsamples 2x nearest), optionally followed by self-attention. */
    public record Block(int in, int out, int outResolution, boolean attention) {
    }

    public BigGan512Config {
        attentionResolutions = Set.copyOf(attentionResolutions);
        if (gCh <= 0) throw new IllegalArgumentException("G_ch must be positive, got " + gCh);
        if (dimZ <= 0) throw new IllegalArgumentException("dim_z must be positive, got " + dimZ);
        if (sharedDim < 0) throw new IllegalArgumentException("shared_dim must be >= 0, got " + sharedDim);
        if (nClasses <= 0) throw new IllegalArgumentException("n_classes must be positive, got " + nClasses);
        if (bottomWidth <= 0) throw new IllegalArgumentException("bottom_width must be positive, got " + bottomWidth);
        if (!(bnEps > 0)) throw new IllegalArgumentException("BN_eps must be positive, got " + bnEps);
        if (!(snEps > 0)) throw new IllegalArgumentException("SN_eps must be positive, got " + snEps);
        if (!(zVar > 0)) throw new IllegalArgumentException("z_var must be positive, got " + zVar);
        int[][] m = multipliers(resolution);
        if (hier && dimZ / (m[0].length + 1) == 0) {
            throw new IllegalArgumentException("dim_z " + dimZ + " is smaller than the " + (m[0].length + 1)
                    + " hierarchical z chunks");
        }
        for (int r : attentionResolutions) {
            if (r != 0 && (Integer.bitCount(r) != 1 || r < 8 || r > resolution)) {
                throw new IllegalArgumentException("G_attn: " + r + " is not a block resolution (8.." + resolution + ")");
            }
        }
        for (int i = 0; i < m[0].length; i++) {
            int c = gCh * m[1][i];
            if (attentionResolutions.contains(8 << i) && c % 8 != 0) {
                throw new IllegalArgumentException("G_attn " + (8 << i) + ": " + c + " channels are not divisible by 8");
            }
        }
    }

    /** Channel multipliers {in, out} of {@code BigGAN.G_arch} per resolution. */
    private static int[][] multipliers(int resolution) {
        return switch (resolution) {
            case 32 -> new int[][] {{4, 4, 4}, {4, 4, 4}};
            case 64 -> new int[][] {{16, 16, 8, 4}, {16, 8, 4, 2}};
            case 128 -> new int[][] {{16, 16, 8, 4, 2}, {16, 8, 4, 2, 1}};
            case 256 -> new int[][] {{16, 16, 8, 8, 4, 2}, {16, 8, 8, 4, 2, 1}};
            case 512 -> new int[][] {{16, 16, 8, 8, 4, 2, 1}, {16, 8, 8, 4, 2, 1, 1}};
            default -> throw new IllegalArgumentException("resolution must be 32, 64, 128, 256 or 512, got " + resolution);
        };
    }

    public static BigGan512Config fromJson(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code get_config}-style object of Generator arguments, or a wrapper holding one under
     * {@code constructor} (optionally with a top-level {@code z_var}). Missing optional arguments
     * take the Generator's defaults ({@code shared_dim 0, G_attn '64', hier false, BN_eps 1e-5,
     * SN_eps 1e-12, bottom_width 4}).
     */
    public static BigGan512Config fromJson(JsonNode root) {
        JsonNode n = root.has("constructor") ? root.get("constructor") : root;
        if (n.has("G_shared") && !n.get("G_shared").asBoolean()) {
            throw new IllegalArgumentException("G_shared false (per-block class embeddings) is not supported");
        }
        if (n.has("G_param") && !n.get("G_param").asText().equals("SN")) {
            throw new IllegalArgumentException("G_param " + n.get("G_param") + " is not supported (only SN)");
        }
        if (n.has("norm_style") && !n.get("norm_style").asText().equals("bn")) {
            throw new IllegalArgumentException("norm_style " + n.get("norm_style") + " is not supported (only bn)");
        }
        Set<Integer> attn = new TreeSet<>();
        String g = n.has("G_attn") ? n.get("G_attn").asText() : "64";
        for (String part : g.split("_")) {
            try {
                int r = Integer.parseInt(part.trim());
                if (r != 0) attn.add(r);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("G_attn: expected '_'-separated resolutions, got '" + g + "'");
            }
        }
        double zVar = root.has("z_var") ? root.get("z_var").asDouble() : n.has("z_var") ? n.get("z_var").asDouble() : 0.9;
        return new BigGan512Config(intField(n, "G_ch"), intField(n, "dim_z"),
                n.has("shared_dim") ? intField(n, "shared_dim") : 0, attn, intField(n, "resolution"),
                intField(n, "n_classes"), n.has("hier") && n.get("hier").asBoolean(),
                n.has("BN_eps") ? n.get("BN_eps").asDouble() : 1e-5, n.has("SN_eps") ? n.get("SN_eps").asDouble() : 1e-12,
                n.has("bottom_width") ? intField(n, "bottom_width") : 4, zVar);
    }

    private static int intField(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field " + field);
        if (!v.isInt()) throw new IllegalArgumentException(field + ": expected an integer, got " + v);
        return v.intValue();
    }

    /** The GBlocks, in order. */
    public List<Block> blocks() {
        int[][] m = multipliers(resolution);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < m[0].length; i++) {
            int res = bottomWidth << (i + 1);
            out.add(new Block(gCh * m[0][i], gCh * m[1][i], res, attentionResolutions.contains(8 << i)));
        }
        return out;
    }

    /** Number of z slots: one per block plus the linear layer with {@code hier}, else 1. */
    public int numSlots() {
        return hier ? blocks().size() + 1 : 1;
    }

    /** Size of each z chunk with {@code hier} ({@code dim_z // num_slots}), else 0. */
    public int zChunkSize() {
        return hier ? dimZ / numSlots() : 0;
    }

    /** The model's z size: {@code z_chunk_size * num_slots} with {@code hier} (the Generator recomputes it), else dim_z. */
    public int zDim() {
        return hier ? zChunkSize() * numSlots() : dimZ;
    }

    /** Size of the shared class embedding. */
    public int embeddingDim() {
        return sharedDim > 0 ? sharedDim : dimZ;
    }

    /** Input size of every conditional batch norm's linear layers: {@code cat(y, z chunk)}. */
    public int ccbnInputSize() {
        return embeddingDim() + zChunkSize();
    }

    /** Input size of {@code G.linear}. */
    public int linearIn() {
        return hier ? zChunkSize() : dimZ;
    }

    /** Output size of {@code G.linear}: first block's input channels times bottom_width^2. */
    public int linearOut() {
        return blocks().get(0).in() * bottomWidth * bottomWidth;
    }

    /** Channels of the last block's output, the input of the output layer. */
    public int outputChannels() {
        List<Block> b = blocks();
        return b.get(b.size() - 1).out();
    }

    /** Output image side: bottom_width doubled once per block. */
    public int imageResolution() {
        return bottomWidth << blocks().size();
    }
}
