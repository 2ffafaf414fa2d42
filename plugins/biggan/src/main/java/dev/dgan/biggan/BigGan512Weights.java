package dev.dgan.biggan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a BigGAN-PyTorch generator on one device, under its state-dict names with
 * spectral norm resolved: for every spectral-normalised module {@code X} ({@code X.weight},
 * {@code X.u0}) this holds {@code X.weight} divided by the sigma that the reference's eval-mode
 * forward computes from the stored {@code u0} with one power step (see {@link #spectralNormalized});
 * computed once here. {@code X.sv0} (a logging buffer) and any {@code u1...} are not read.
 * Owns its tensors.
 */
public final class BigGan512Weights implements AutoCloseable {

    /** Prefix of the generator's tensors in a trained BigDatasetGAN checkpoint. */
    public static final String BIGDATASETGAN_PREFIX = "biggan_model.";

    private final BigGan512Config config;
    private final Device device;
    private final Map<String, Tensor> tensors;

    private BigGan512Weights(BigGan512Config config, Device device, Map<String, Tensor> tensors) {
        this.config = config;
        this.device = device;
        this.tensors = tensors;
    }

    /**
     * Validates {@code stateDict} against {@code config}, resolves spectral norm and copies the
     * result to {@code device} as float32. The caller keeps ownership of {@code stateDict}. Unused
     * names are ignored; if the generator's names only occur under {@value #BIGDATASETGAN_PREFIX}
     * (a BigDatasetGAN checkpoint), that prefix is stripped.
     *
     * @param source names the tensors in error messages (usually the file)
     */
    public static BigGan512Weights fromStateDict(Map<String, Tensor> stateDict, BigGan512Config config, String source,
                                                 Device device) {
        String prefix = !stateDict.containsKey("shared.weight")
                && stateDict.containsKey(BIGDATASETGAN_PREFIX + "shared.weight") ? BIGDATASETGAN_PREFIX : "";
        Map<String, long[]> expected = expectedShapes(config);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String name = e.getKey();
            Tensor t = stateDict.get(prefix + name);
            if (t == null) {
                throw new IllegalArgumentException(source + ": missing tensor " + prefix + name + " (expected shape "
                        + Arrays.toString(e.getValue()) + "); is this a BigGAN-PyTorch generator state dict matching the"
                        + " config (G_ch " + config.gCh() + ", resolution " + config.resolution() + ", dim_z "
                        + config.dimZ() + ", hier " + config.hier() + ")?");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException(source + ": tensor " + prefix + name + ": expected shape "
                        + Arrays.toString(e.getValue()) + " from the config, got " + Arrays.toString(t.shape()));
            }
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(source + ": tensor " + prefix + name + ": expected floating point, got "
                        + t.dtype());
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (TensorScope s = TensorScope.open()) {
            for (String name : expected.keySet()) {
                if (name.endsWith(".u0")) continue;
                Tensor t = stateDict.get(prefix + name);
                if (name.endsWith(".weight") && expected.containsKey(module(name) + ".u0")) {
                    t = spectralNormalized(t, stateDict.get(prefix + module(name) + ".u0"), config.snEps(),
                            source + ": " + module(name));
                }
                out.put(name, TensorScope.release(Ops.toCopy(t, DType.F32, device)));
            }
        } catch (RuntimeException e) {
            out.values().forEach(Tensor::close);
            throw e;
        }
        return new BigGan512Weights(config, device, out);
    }

    private static String module(String weightName) {
        return weightName.substring(0, weightName.length() - ".weight".length());
    }

    /**
     * {@code weight / sigma} in float32, sigma from one power step started at the stored {@code u0}
     * (not updated, and not assumed converged): with {@code W = weight.view(out, -1)},
     * {@code v = normalize(u0 W)}, {@code u = normalize(v W^T)}, {@code sigma = (v W^T) u^T},
     * where {@code normalize(x) = x / max(||x||, eps)}.
     */
    static Tensor spectralNormalized(Tensor weight, Tensor u0, double eps, String what) {
        Tensor w = Ops.toCopy(weight, DType.F32, Device.CPU);
        Tensor w2 = Ops.reshape(w, w.size(0), -1);
        Tensor u = Ops.reshape(Ops.toCopy(u0, DType.F32, Device.CPU), 1, -1);
        Tensor v = normalize(Ops.mm(u, w2), eps);
        Tensor vwt = Ops.mm(v, Ops.transpose(w2, 0, 1));
        Tensor uNew = normalize(vwt, eps);
        Tensor sigma = Ops.reshape(Ops.mm(vwt, Ops.transpose(uNew, 0, 1)), new long[0]);
        double sv = sigma.item();
        if (!(sv > 0) || Double.isInfinite(sv)) {
            throw new IllegalArgumentException(what + ": spectral norm estimate from u0 is " + sv
                    + ", not a positive number");
        }
        return Ops.div(w, sigma);
    }

    /** {@code x / max(||x||_2, eps)} for a row vector [1, n]. */
    private static Tensor normalize(Tensor x, double eps) {
        Tensor norm = Ops.sqrt(Ops.sum(Ops.square(x)));
        return Ops.div(x, Ops.clamp(norm, eps, Double.POSITIVE_INFINITY));
    }

    /** Every tensor the generator reads, by state-dict name, with its shape. */
    public static Map<String, long[]> expectedShapes(BigGan512Config c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("shared.weight", new long[] {c.nClasses(), c.embeddingDim()});
        sn(m, "linear", c.linearOut(), c.linearIn());
        m.put("linear.bias", new long[] {c.linearOut()});
        var blocks = c.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            BigGan512Config.Block b = blocks.get(i);
            String p = "blocks." + i + ".0";
            conv(m, p + ".conv1", b.out(), b.in(), 3);
            conv(m, p + ".conv2", b.out(), b.out(), 3);
            conv(m, p + ".conv_sc", b.out(), b.in(), 1);
            conditionalBn(m, p + ".bn1", b.in(), c);
            conditionalBn(m, p + ".bn2", b.out(), c);
            if (b.attention()) {
                String a = "blocks." + i + ".1";
                int ch = b.out();
                sn(m, a + ".theta", ch / 8, ch, 1, 1);
                sn(m, a + ".phi", ch / 8, ch, 1, 1);
                sn(m, a + ".g", ch / 2, ch, 1, 1);
                sn(m, a + ".o", ch, ch / 2, 1, 1);
                m.put(a + ".gamma", new long[0]);
            }
        }
        int ch = c.outputChannels();
        for (String k : new String[] {"gain", "bias", "stored_mean", "stored_var"}) {
            m.put("output_layer.0." + k, new long[] {ch});
        }
        conv(m, "output_layer.2", 3, ch, 3);
        return m;
    }

    private static void conditionalBn(Map<String, long[]> m, String p, int channels, BigGan512Config c) {
        sn(m, p + ".gain", channels, c.ccbnInputSize());
        sn(m, p + ".bias", channels, c.ccbnInputSize());
        m.put(p + ".stored_mean", new long[] {channels});
        m.put(p + ".stored_var", new long[] {channels});
    }

    private static void conv(Map<String, long[]> m, String p, int out, int in, int k) {
        sn(m, p, out, in, k, k);
        m.put(p + ".bias", new long[] {out});
    }

    private static void sn(Map<String, long[]> m, String p, long... shape) {
        m.put(p + ".weight", shape);
        m.put(p + ".u0", new long[] {1, shape[0]});
    }

    public BigGan512Config config() {
        return config;
    }

    public Device device() {
        return device;
    }

    /** The tensor {@code name} (spectral-normalised modules' effective weight under {@code X.weight}); borrowed. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no weight " + name);
        return t;
    }

    /** Names of all held tensors, in state-dict order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
        tensors.clear();
    }
}
