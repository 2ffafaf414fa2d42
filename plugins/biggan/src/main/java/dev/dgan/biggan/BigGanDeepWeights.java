package dev.dgan.biggan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of a BigGAN-deep generator on one device, under the huggingface state-dict names
 * with spectral norm resolved: for every module {@code X} stored as {@code X.weight_orig},
 * {@code X.weight_u}, {@code X.weight_v} this holds {@code X.weight}, the weight the module
 * applies in eval mode, {@code weight_orig / dot(u, weight_orig.reshape(out, -1) @ v)}
 * (computed once here; eval mode runs no power iteration). Owns its tensors.
 */
public final class BigGanDeepWeights implements AutoCloseable {

    private final BigGanDeepConfig config;
    private final Device device;
    private final Map<String, Tensor> tensors;

    private BigGanDeepWeights(BigGanDeepConfig config, Device device, Map<String, Tensor> tensors) {
        this.config = config;
        this.device = device;
        this.tensors = tensors;
    }

    /**
     * Validates {@code stateDict} against {@code config}, resolves spectral norm and copies the
     * result to {@code device} as float32. The caller keeps ownership of {@code stateDict}.
     * Names in the state dict that the generator does not use are ignored.
     *
     * @param source names the tensors in error messages (usually the file)
     */
    public static BigGanDeepWeights fromStateDict(Map<String, Tensor> stateDict, BigGanDeepConfig config, String source,
                                                  Device device) {
        Map<String, long[]> expected = expectedShapes(config);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String name = e.getKey();
            Tensor t = stateDict.get(name);
            if (t == null) {
                throw new IllegalArgumentException(source + ": missing tensor " + name + " (expected shape "
                        + Arrays.toString(e.getValue()) + "); is this a huggingface BigGAN-deep state dict matching the"
                        + " config (z_dim " + config.zDim() + ", channel_width " + config.channelWidth() + ")?");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException(source + ": tensor " + name + ": expected shape "
                        + Arrays.toString(e.getValue()) + " from the config, got " + Arrays.toString(t.shape()));
            }
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(source + ": tensor " + name + ": expected floating point, got " + t.dtype());
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (TensorScope s = TensorScope.open()) {
            for (String name : expected.keySet()) {
                if (name.endsWith(".weight_u") || name.endsWith(".weight_v")) continue;
                if (name.endsWith(".weight_orig")) {
                    String module = name.substring(0, name.length() - ".weight_orig".length());
                    Tensor w = spectralNormalized(stateDict.get(name), stateDict.get(module + ".weight_u"),
                            stateDict.get(module + ".weight_v"), source + ": " + module);
                    out.put(module + ".weight", TensorScope.release(Ops.toCopy(w, DType.F32, device)));
                } else {
                    out.put(name, TensorScope.release(Ops.toCopy(stateDict.get(name), DType.F32, device)));
                }
            }
        } catch (RuntimeException e) {
            out.values().forEach(Tensor::close);
            throw e;
        }
        return new BigGanDeepWeights(config, device, out);
    }

    /** {@code weight_orig / sigma}, sigma = u . (W v) with W the weight flattened to [out, -1]; in float32. */
    static Tensor spectralNormalized(Tensor weightOrig, Tensor u, Tensor v, String what) {
        Tensor w = Ops.toCopy(weightOrig, DType.F32, Device.CPU);
        long out = w.size(0);
        Tensor w2 = Ops.reshape(w, out, -1);
        Tensor wv = Ops.mm(w2, Ops.reshape(Ops.toCopy(v, DType.F32, Device.CPU), -1, 1));
        Tensor sigma = Ops.sum(Ops.mul(Ops.reshape(wv, -1), Ops.toCopy(u, DType.F32, Device.CPU)));
        double sv = sigma.item();
        if (!(sv > 0) || Double.isInfinite(sv)) {
            throw new IllegalArgumentException(what + ": spectral norm estimate u.(W v) = " + sv
                    + " is not a positive number; weight_u/weight_v do not belong to this weight");
        }
        return Ops.div(w, sigma);
    }

    /** Every tensor the generator reads, by state-dict name, with its shape. */
    public static Map<String, long[]> expectedShapes(BigGanDeepConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        int ch = c.channelWidth();
        int cond = c.condDim();
        m.put("embeddings.weight", new long[] {c.zDim(), c.numClasses()});
        sn(m, "generator.gen_z", c.genZFeatures(), cond);
        m.put("generator.gen_z.bias", new long[] {c.genZFeatures()});
        for (int i = 0; i < c.moduleCount(); i++) {
            String p = "generator.layers." + i;
            if (i == c.attentionModuleIndex()) {
                int ac = c.moduleChannels(i);
                sn(m, p + ".snconv1x1_theta", ac / 8, ac, 1, 1);
                sn(m, p + ".snconv1x1_phi", ac / 8, ac, 1, 1);
                sn(m, p + ".snconv1x1_g", ac / 2, ac, 1, 1);
                sn(m, p + ".snconv1x1_o_conv", ac, ac / 2, 1, 1);
                m.put(p + ".gamma", new long[] {1});
                continue;
            }
            BigGanDeepConfig.Layer l = c.blockAt(i);
            int in = ch * l.in(), outC = ch * l.out(), mid = in / 4;
            conditionalBn(m, p + ".bn_0", in, c);
            conv(m, p + ".conv_0", mid, in, 1);
            conditionalBn(m, p + ".bn_1", mid, c);
            conv(m, p + ".conv_1", mid, mid, 3);
            conditionalBn(m, p + ".bn_2", mid, c);
            conv(m, p + ".conv_2", mid, mid, 3);
            conditionalBn(m, p + ".bn_3", mid, c);
            conv(m, p + ".conv_3", outC, mid, 1);
        }
        m.put("generator.bn.running_means", new long[] {c.nStats(), ch});
        m.put("generator.bn.running_vars", new long[] {c.nStats(), ch});
        m.put("generator.bn.weight", new long[] {ch});
        m.put("generator.bn.bias", new long[] {ch});
        conv(m, "generator.conv_to_rgb", ch, ch, 3);
        return m;
    }

    private static void conditionalBn(Map<String, long[]> m, String p, int channels, BigGanDeepConfig c) {
        m.put(p + ".running_means", new long[] {c.nStats(), channels});
        m.put(p + ".running_vars", new long[] {c.nStats(), channels});
        sn(m, p + ".scale", channels, c.condDim());
        sn(m, p + ".offset", channels, c.condDim());
    }

    private static void conv(Map<String, long[]> m, String p, int out, int in, int k) {
        sn(m, p, out, in, k, k);
        m.put(p + ".bias", new long[] {out});
    }

    private static void sn(Map<String, long[]> m, String p, long... shape) {
        m.put(p + ".weight_orig", shape);
        long flat = 1;
        for (int i = 1; i < shape.length; i++) flat *= shape[i];
        m.put(p + ".weight_u", new long[] {shape[0]});
        m.put(p + ".weight_v", new long[] {flat});
    }

    public BigGanDeepConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    /** The tensor {@code name} (spectral-normalised modules under {@code X.weight}); borrowed. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no weight " + name);
        return t;
    }

    /** Names of all held tensors, in state-dict order. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
        tensors.clear();
    }
}
