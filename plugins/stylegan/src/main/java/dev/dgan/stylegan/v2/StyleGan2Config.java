package dev.dgan.stylegan.v2;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Constructor arguments of an NVlabs stylegan2-ada-pytorch {@code training.networks.Generator},
 * with the reference defaults for everything a config leaves out.
 *
 * @param zDim            input latent size
 * @param cDim            class label size, 0 for unconditional models
 * @param wDim            intermediate latent size
 * @param imgResolution   output side, a power of two >= 4
 * @param imgChannels     output channels
 * @param mappingLayers   number of mapping fc layers
 * @param embedFeatures   label embedding size (only used when cDim > 0)
 * @param layerFeatures   hidden size of the mapping layers
 * @param mappingActivation activation of the mapping layers: lrelu, relu or linear
 * @param lrMultiplier    mapping learning-rate multiplier (scales weights and biases at run time)
 * @param channelBase     channels at resolution r are min(channelBase / r, channelMax)
 * @param channelMax      see channelBase
 * @param numFp16Res      read and ignored: everything runs in float32
 * @param convClamp       clamp of conv and toRGB outputs, or null for none
 * @param architecture    skip, orig or resnet
 * @param resampleFilter  1-D FIR taps for up-sampling (outer product, normalised to sum 1)
 * @param kernelSize      synthesis conv kernel size
 * @param useNoise        whether synthesis layers add noise
 * @param synthesisActivation activation of the synthesis layers: lrelu, relu or linear
 */
public record StyleGan2Config(int zDim, int cDim, int wDim, int imgResolution, int imgChannels,
                              int mappingLayers, int embedFeatures, int layerFeatures, String mappingActivation,
                              double lrMultiplier, int channelBase, int channelMax, int numFp16Res, Double convClamp,
                              String architecture, double[] resampleFilter, int kernelSize, boolean useNoise,
                              String synthesisActivation) {

    static final Set<String> ACTIVATIONS = Set.of("lrelu", "relu", "linear");
    static final Set<String> ARCHITECTURES = Set.of("skip", "orig", "resnet");

    private static final Set<String> GENERATOR_KEYS = Set.of("class_name", "z_dim", "c_dim", "w_dim",
            "img_resolution", "img_channels", "mapping_kwargs", "synthesis_kwargs");
    private static final Set<String> MAPPING_KEYS = Set.of("num_layers", "embed_features", "layer_features",
            "activation", "lr_multiplier", "w_avg_beta");
    private static final Set<String> SYNTHESIS_KEYS = Set.of("channel_base", "channel_max", "num_fp16_res",
            "conv_clamp", "architecture", "resample_filter", "kernel_size", "use_noise", "activation",
            "fp16_channels_last");

    public StyleGan2Config {
        require(zDim > 0, "z_dim", "a positive size", zDim);
        require(cDim >= 0, "c_dim", "0 or a positive size", cDim);
        require(wDim > 0, "w_dim", "a positive size", wDim);
        require(imgResolution >= 4 && Integer.bitCount(imgResolution) == 1, "img_resolution",
                "a power of two >= 4", imgResolution);
        require(imgChannels > 0, "img_channels", "a positive count", imgChannels);
        require(mappingLayers >= 1, "mapping_kwargs.num_layers", "at least 1", mappingLayers);
        require(layerFeatures > 0, "mapping_kwargs.layer_features", "a positive size", layerFeatures);
        require(cDim == 0 || embedFeatures > 0, "mapping_kwargs.embed_features", "a positive size", embedFeatures);
        require(ACTIVATIONS.contains(mappingActivation), "mapping_kwargs.activation", "one of " + ACTIVATIONS,
                mappingActivation);
        require(lrMultiplier > 0, "mapping_kwargs.lr_multiplier", "a positive number", lrMultiplier);
        require(channelBase > 0, "synthesis_kwargs.channel_base", "a positive number", channelBase);
        require(channelMax > 0, "synthesis_kwargs.channel_max", "a positive number", channelMax);
        require(channelBase / imgResolution > 0 || channelMax == 0, "synthesis_kwargs.channel_base",
                "at least img_resolution (" + imgResolution + ") so every block has a channel", channelBase);
        require(convClamp == null || convClamp > 0, "synthesis_kwargs.conv_clamp", "null or a positive number",
                convClamp);
        require(ARCHITECTURES.contains(architecture), "synthesis_kwargs.architecture", "one of " + ARCHITECTURES,
                architecture);
        require(resampleFilter != null && resampleFilter.length > 0, "synthesis_kwargs.resample_filter",
                "a non-empty list of taps", resampleFilter == null ? null : List.of());
        require(kernelSize >= 1 && kernelSize % 2 == 1, "synthesis_kwargs.kernel_size", "an odd size", kernelSize);
        require(ACTIVATIONS.contains(synthesisActivation), "synthesis_kwargs.activation", "one of " + ACTIVATIONS,
                synthesisActivation);
        resampleFilter = resampleFilter.clone();
    }

    /** The config of an unconditional model with every other argument at its reference default. */
    public static StyleGan2Config of(int zDim, int wDim, int imgResolution, int mappingLayers, int channelBase,
                                     int channelMax, Double convClamp) {
        return new StyleGan2Config(zDim, 0, wDim, imgResolution, 3, mappingLayers, wDim, wDim, "lrelu", 0.01,
                channelBase, channelMax, 0, convClamp, "skip", new double[] {1, 3, 3, 1}, 3, true, "lrelu");
    }

    // ----- parsing -----------------------------------------------------------------------------

    /**
     * Reads a config JSON: {@code {"G_kwargs": {...}}} (the fixture layout), {@code {"class_name",
     * "init_kwargs": {...}}} (a pickle's init_kwargs dumped as JSON) or the bare kwargs object.
     */
    public static StyleGan2Config fromJson(Path file) throws IOException {
        Map<String, Object> root = readJson(file);
        try {
            return fromJsonObject(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #fromJson(Path)}, from JSON text. */
    public static StyleGan2Config fromJson(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = new ObjectMapper().readValue(json, Map.class);
            return fromJsonObject(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("config is not a JSON object: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(Path file) throws IOException {
        try {
            Object v = new ObjectMapper().readValue(file.toFile(), Object.class);
            if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException(file + ": expected a JSON object");
            return (Map<String, Object>) m;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static StyleGan2Config fromJsonObject(Map<String, Object> root) {
        if (root.get("G_kwargs") instanceof Map<?, ?> g) return fromKwargs(asMap(g, "G_kwargs"));
        if (root.get("init_kwargs") instanceof Map<?, ?> g) {
            Object cls = root.get("class_name");
            if (cls != null && !cls.toString().endsWith("networks.Generator")) {
                throw new IllegalArgumentException("class_name: expected training.networks.Generator, got " + cls);
            }
            return fromKwargs(asMap(g, "init_kwargs"));
        }
        return fromKwargs(root);
    }

    /**
     * From the Generator's keyword arguments as a map ({@code z_dim}, {@code c_dim}, {@code w_dim},
     * {@code img_resolution}, {@code img_channels}, {@code mapping_kwargs}, {@code synthesis_kwargs}),
     * e.g. a pickle's {@code init_kwargs}. Unknown keys are rejected: they would change the network.
     */
    public static StyleGan2Config fromKwargs(Map<String, ?> kwargs) {
        checkKeys(kwargs, GENERATOR_KEYS, "");
        Map<String, ?> m = kwargs.containsKey("mapping_kwargs") && kwargs.get("mapping_kwargs") != null
                ? asMap(kwargs.get("mapping_kwargs"), "mapping_kwargs") : Map.of();
        Map<String, ?> s = kwargs.containsKey("synthesis_kwargs") && kwargs.get("synthesis_kwargs") != null
                ? asMap(kwargs.get("synthesis_kwargs"), "synthesis_kwargs") : Map.of();
        checkKeys(m, MAPPING_KEYS, "mapping_kwargs.");
        checkKeys(s, SYNTHESIS_KEYS, "synthesis_kwargs.");
        int wDim = intOf(kwargs, "w_dim", "", null);
        int cDim = intOf(kwargs, "c_dim", "", 0);
        Object beta = m.get("w_avg_beta");
        if (m.containsKey("w_avg_beta") && beta == null) {
            throw new IllegalArgumentException("mapping_kwargs.w_avg_beta: null (no w_avg) is not supported; the"
                    + " generator needs w_avg for truncation");
        }
        return new StyleGan2Config(
                intOf(kwargs, "z_dim", "", null), cDim, wDim,
                intOf(kwargs, "img_resolution", "", null), intOf(kwargs, "img_channels", "", 3),
                intOf(m, "num_layers", "mapping_kwargs.", 8),
                intOf(m, "embed_features", "mapping_kwargs.", wDim),
                intOf(m, "layer_features", "mapping_kwargs.", wDim),
                stringOf(m, "activation", "mapping_kwargs.", "lrelu"),
                doubleOf(m, "lr_multiplier", "mapping_kwargs.", 0.01),
                intOf(s, "channel_base", "synthesis_kwargs.", 32768),
                intOf(s, "channel_max", "synthesis_kwargs.", 512),
                intOf(s, "num_fp16_res", "synthesis_kwargs.", 0),
                s.get("conv_clamp") == null ? null : doubleOf(s, "conv_clamp", "synthesis_kwargs.", null),
                stringOf(s, "architecture", "synthesis_kwargs.", "skip"),
                filterOf(s.get("resample_filter")),
                intOf(s, "kernel_size", "synthesis_kwargs.", 3),
                boolOf(s, "use_noise", "synthesis_kwargs.", true),
                stringOf(s, "activation", "synthesis_kwargs.", "lrelu"));
    }

    // ----- derived -------------------------------------------------------------------------------

    /** Block resolutions 4, 8, ..., imgResolution. */
    public List<Integer> blockResolutions() {
        List<Integer> r = new ArrayList<>();
        for (int res = 4; res <= imgResolution; res *= 2) r.add(res);
        return r;
    }

    /** Feature channels of the block at {@code resolution}: min(channelBase / resolution, channelMax). */
    public int channels(int resolution) {
        return Math.min(channelBase / resolution, channelMax);
    }

    /** Number of synthesis convs of the block at {@code resolution}: 1 at 4x4, 2 above. */
    int numConv(int resolution) {
        return resolution == 4 ? 1 : 2;
    }

    /** Whether the block at {@code resolution} has a toRGB layer. */
    boolean hasToRgb(int resolution) {
        return resolution == imgResolution || architecture.equals("skip");
    }

    /** Number of per-layer w vectors the synthesis network consumes. */
    public int numWs() {
        int n = 0;
        for (int res : blockResolutions()) n += numConv(res);
        return n + 1; // the last block's toRGB
    }

    /** Gain of an activation: sqrt(2) for lrelu and relu, 1 for linear. */
    static double activationGain(String activation) {
        return activation.equals("linear") ? 1.0 : Math.sqrt(2.0);
    }

    // ----- helpers --------------------------------------------------------------------------------

    private static void require(boolean ok, String field, String expected, Object got) {
        if (!ok) throw new IllegalArgumentException("config field " + field + ": expected " + expected + ", got " + got);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asMap(Object v, String field) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("config field " + field + ": expected an object, got " + v);
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) throw new IllegalArgumentException("config field " + field + ": key " + k + " is not a string");
        }
        return (Map<String, ?>) m;
    }

    private static void checkKeys(Map<String, ?> m, Set<String> known, String prefix) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("config field " + prefix + k + ": not a StyleGAN2 Generator argument"
                        + " this reader understands (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    private static int intOf(Map<String, ?> m, String key, String prefix, Integer dflt) {
        Object v = m.get(key);
        if (v == null) {
            if (dflt == null) throw new IllegalArgumentException("config field " + prefix + key + ": missing");
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException("config field " + prefix + key + ": expected an integer, got " + v);
    }

    private static double doubleOf(Map<String, ?> m, String key, String prefix, Double dflt) {
        Object v = m.get(key);
        if (v == null) {
            if (dflt == null) throw new IllegalArgumentException("config field " + prefix + key + ": missing");
            return dflt;
        }
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("config field " + prefix + key + ": expected a number, got " + v);
    }

    private static String stringOf(Map<String, ?> m, String key, String prefix, String dflt) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException("config field " + prefix + key + ": expected a string, got " + v);
    }

    private static boolean boolOf(Map<String, ?> m, String key, String prefix, boolean dflt) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("config field " + prefix + key + ": expected true or false, got " + v);
    }

    private static double[] filterOf(Object v) {
        if (v == null) return new double[] {1, 3, 3, 1};
        if (v instanceof List<?> l && !l.isEmpty()) {
            double[] f = new double[l.size()];
            for (int i = 0; i < f.length; i++) {
                if (!(l.get(i) instanceof Number n)) break;
                f[i] = n.doubleValue();
                if (i == f.length - 1) return f;
            }
        }
        throw new IllegalArgumentException("config field synthesis_kwargs.resample_filter: expected a non-empty list of"
                + " numbers (1-D taps), got " + v);
    }

    /** The config as Generator kwargs, the inverse of {@link #fromKwargs}. */
    public Map<String, Object> toKwargs() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_layers", mappingLayers);
        m.put("embed_features", embedFeatures);
        m.put("layer_features", layerFeatures);
        m.put("activation", mappingActivation);
        m.put("lr_multiplier", lrMultiplier);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("channel_base", channelBase);
        s.put("channel_max", channelMax);
        s.put("num_fp16_res", numFp16Res);
        s.put("conv_clamp", convClamp);
        s.put("architecture", architecture);
        List<Double> f = new ArrayList<>();
        for (double d : resampleFilter) f.add(d);
        s.put("resample_filter", f);
        s.put("kernel_size", kernelSize);
        s.put("use_noise", useNoise);
        s.put("activation", synthesisActivation);
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("z_dim", zDim);
        g.put("c_dim", cDim);
        g.put("w_dim", wDim);
        g.put("img_resolution", imgResolution);
        g.put("img_channels", imgChannels);
        g.put("mapping_kwargs", m);
        g.put("synthesis_kwargs", s);
        return g;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StyleGan2Config c && toKwargs().equals(c.toKwargs());
    }

    @Override
    public int hashCode() {
        return toKwargs().hashCode();
    }

    @Override
    public String toString() {
        return "StyleGan2Config" + toKwargs();
    }
}
