package dev.dgan.stylegan.v2;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * rosinality/stylegan2-pytorch {@code Generator} state dicts ({@code g_ema}) renamed and rescaled
 * to the NVlabs parameters. The two compute the same function:
 * <ul>
 *   <li>{@code style.{i}} (i = 1..n_mlp; {@code style.0} is PixelNorm) are EqualLinear layers with
 *       lr_mul = lr_mlp and a fused leaky ReLU: the same storage convention as NVlabs
 *       {@code mapping.fc{i-1}} (weight stored / lr_mul, used times lr_mul / sqrt(in)).</li>
 *   <li>{@code *.conv.modulation} (EqualLinear, lr_mul 1, bias init 1) is {@code affine}.</li>
 *   <li>{@code *.conv.weight} [1, O, I, k, k] is the weight; rosinality scales it by
 *       1/sqrt(I k k) before demodulating, which demodulation cancels, and for toRGB (no
 *       demodulation) NVlabs applies the same factor to the style.</li>
 *   <li>{@code *.noise.weight} [1] is noise_strength; {@code noises.noise_{i}} [1, 1, R, R] is
 *       noise_const of the i-th synthesis layer (conv1 of b4, then conv0/conv1 of each block).</li>
 *   <li>{@code *.activate.bias} (fused leaky ReLU bias, slope 0.2, gain sqrt 2) is the layer bias;
 *       {@code to_rgb*.bias} [1, C, 1, 1] is the toRGB bias.</li>
 *   <li>Blur and Upsample kernels are the FIR filter times upsample_factor^2 (4); NVlabs stores
 *       it normalised to sum 1 and applies the gain when filtering, so they are divided by 4.</li>
 *   <li>{@code input.input} [1, C, 4, 4] is the constant; the checkpoint's top-level
 *       {@code latent_avg} is w_avg.</li>
 * </ul>
 * rosinality has no conv clamp and only the skip architecture.
 */
final class RosinalityLayout {

    /** How many z are mapped to estimate w_avg when a checkpoint has no latent_avg. */
    static final int W_AVG_SAMPLES = 4096;
    static final long W_AVG_SEED = 0;

    private RosinalityLayout() {}

    /** NVlabs name -> rosinality name, for every tensor that is renamed (filters come from elsewhere). */
    static Map<String, String> nameMap(StyleGan2Config c) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < c.mappingLayers(); i++) {
            m.put("mapping.fc" + i + ".weight", "style." + (i + 1) + ".weight");
            m.put("mapping.fc" + i + ".bias", "style." + (i + 1) + ".bias");
        }
        m.put("synthesis.b4.const", "input.input");
        int noise = 0, rgb = 0, conv = 0;
        for (int res : c.blockResolutions()) {
            String b = "synthesis.b" + res + ".";
            if (res == 4) {
                layer(m, b + "conv1.", "conv1.", noise++, c);
                toRgb(m, b + "torgb.", "to_rgb1.");
            } else {
                layer(m, b + "conv0.", "convs." + conv++ + ".", noise++, c);
                layer(m, b + "conv1.", "convs." + conv++ + ".", noise++, c);
                toRgb(m, b + "torgb.", "to_rgbs." + rgb++ + ".");
            }
        }
        return m;
    }

    private static void layer(Map<String, String> m, String nv, String ro, int noise, StyleGan2Config c) {
        m.put(nv + "weight", ro + "conv.weight");
        m.put(nv + "affine.weight", ro + "conv.modulation.weight");
        m.put(nv + "affine.bias", ro + "conv.modulation.bias");
        m.put(nv + "bias", ro + "activate.bias");
        if (c.useNoise()) {
            m.put(nv + "noise_strength", ro + "noise.weight");
            m.put(nv + "noise_const", "noises.noise_" + noise);
        }
    }

    private static void toRgb(Map<String, String> m, String nv, String ro) {
        m.put(nv + "weight", ro + "conv.weight");
        m.put(nv + "affine.weight", ro + "conv.modulation.weight");
        m.put(nv + "affine.bias", ro + "conv.modulation.bias");
        m.put(nv + "bias", ro + "bias");
    }

    /** rosinality-only buffers: blur kernels of up-sampling convs and toRGB up-sampling kernels. */
    static Set<String> kernelNames(StyleGan2Config c) {
        Set<String> k = new HashSet<>();
        int conv = 0, rgb = 0;
        for (int res : c.blockResolutions()) {
            if (res == 4) continue;
            k.add("convs." + conv + ".conv.blur.kernel");
            conv += 2;
            k.add("to_rgbs." + rgb++ + ".upsample.kernel");
        }
        return k;
    }

    /**
     * The NVlabs weights for a rosinality {@code g_ema} state dict. Every expected rosinality name
     * and shape is checked first; {@code latentAvg} null means w_avg is estimated as the mean of
     * mapped z ({@value #W_AVG_SAMPLES} samples, seed {@value #W_AVG_SEED}), as rosinality's
     * {@code mean_latent} does.
     */
    static StyleGan2Weights toWeights(Map<String, Tensor> gEma, Tensor latentAvg, StyleGan2Config c, String source,
                                      Device device) {
        if (!c.architecture().equals("skip") || c.convClamp() != null) {
            throw new IllegalArgumentException(source + ": rosinality generators have the skip architecture and no"
                    + " conv clamp; config has architecture " + c.architecture() + ", conv_clamp " + c.convClamp());
        }
        if (c.cDim() != 0) throw new IllegalArgumentException(source + ": rosinality generators are unconditional; config c_dim " + c.cDim());
        Map<String, long[]> nvShapes = StyleGan2Weights.expectedShapes(c);
        Map<String, String> names = nameMap(c);
        Set<String> kernels = kernelNames(c);
        long[] filterShape = nvShapes.get("synthesis.b4.resample_filter");
        // expected rosinality shapes
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            long[] s = nvShapes.get(e.getKey());
            String nv = e.getKey();
            if (nv.endsWith("noise_const")) s = prepend(1, prepend(1, s));
            else if (nv.endsWith(".const")) s = prepend(1, s);
            else if (nv.endsWith("noise_strength")) s = new long[] {1};
            else if (nv.endsWith("torgb.bias")) s = new long[] {1, s[0], 1, 1};
            else if (nv.endsWith(".weight") && !nv.contains("affine") && nv.startsWith("synthesis")) s = prepend(1, s);
            expected.put(e.getValue(), s);
        }
        for (String k : kernels) expected.put(k, filterShape);
        check(gEma, expected, latentAvg, c, source);

        Map<String, Tensor> nv = new LinkedHashMap<>();
        try (TensorScope s = TensorScope.open()) {
            for (Map.Entry<String, String> e : names.entrySet()) {
                Tensor t = gEma.get(e.getValue());
                nv.put(e.getKey(), Ops.reshape(t, nvShapes.get(e.getKey())));
            }
            Tensor defaultFilter = defaultFilter(c);
            for (String name : nvShapes.keySet()) {
                if (name.endsWith("resample_filter")) nv.put(name, defaultFilter);
            }
            int conv = 0, rgb = 0;
            for (int res : c.blockResolutions()) {
                if (res == 4) continue;
                String b = "synthesis.b" + res + ".";
                nv.put(b + "conv0.resample_filter", Ops.div(gEma.get("convs." + conv + ".conv.blur.kernel"), 4.0));
                nv.put(b + "resample_filter", Ops.div(gEma.get("to_rgbs." + rgb + ".upsample.kernel"), 4.0));
                conv += 2;
                rgb++;
            }
            nv.put("mapping.w_avg", latentAvg != null ? Ops.reshape(latentAvg, c.wDim())
                    : Ops.zeros(DType.F32, Device.CPU, c.wDim()));
            StyleGan2Weights w = StyleGan2Weights.fromNvlabs(nv, c, source, device);
            for (String name : w.names()) s.keep(w.get(name));
            if (latentAvg == null) estimateWAvg(w);
            return w;
        }
    }

    private static void estimateWAvg(StyleGan2Weights w) {
        StyleGan2Config c = w.config();
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(W_AVG_SEED);
             MappingNetwork m = new MappingNetwork(w)) {
            Tensor z = Ops.randn(g, DType.F32, w.device(), W_AVG_SAMPLES, c.zDim());
            Tensor ws = m.forward(z, null, 1.0, 0);
            Tensor mean = Ops.mean(Ops.narrow(ws, 1, 0, 1), new long[] {0, 1}, false);
            w.get("mapping.w_avg").copyFrom(mean);
        }
    }

    /** The filter from the config, as the reference's setup_filter makes it. */
    static Tensor defaultFilter(StyleGan2Config c) {
        double[] f = c.resampleFilter();
        double sum = 0;
        if (f.length >= 8) {
            float[] v = new float[f.length];
            for (double d : f) sum += d;
            for (int i = 0; i < f.length; i++) v[i] = (float) (f[i] / sum);
            return Tensor.of(v, f.length);
        }
        float[] v = new float[f.length * f.length];
        for (double a : f) for (double b : f) sum += a * b;
        for (int i = 0; i < f.length; i++) for (int j = 0; j < f.length; j++) v[i * f.length + j] = (float) (f[i] * f[j] / sum);
        return Tensor.of(v, f.length, f.length);
    }

    private static void check(Map<String, Tensor> gEma, Map<String, long[]> expected, Tensor latentAvg, StyleGan2Config c,
                              String source) {
        List<String> problems = new java.util.ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = gEma.get(e.getKey());
            if (t == null) problems.add("missing tensor " + e.getKey() + " (expected shape " + Arrays.toString(e.getValue()) + ")");
            else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("tensor " + e.getKey() + ": expected shape " + Arrays.toString(e.getValue()) + ", found "
                        + Arrays.toString(t.shape()));
            }
        }
        for (String name : gEma.keySet()) {
            if (!expected.containsKey(name)) problems.add("unexpected tensor " + name + " " + Arrays.toString(gEma.get(name).shape()));
        }
        if (latentAvg != null && latentAvg.numel() != c.wDim()) {
            problems.add("latent_avg: expected shape [" + c.wDim() + "], found " + Arrays.toString(latentAvg.shape()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": rosinality g_ema does not match the StyleGAN2 config (size "
                    + c.imgResolution() + ", style_dim " + c.wDim() + ", n_mlp " + c.mappingLayers() + "): "
                    + String.join("; ", problems.subList(0, Math.min(12, problems.size())))
                    + (problems.size() > 12 ? "; ... (" + problems.size() + " problems in all)" : ""));
        }
    }

    private static long[] prepend(long d, long[] s) {
        long[] r = new long[s.length + 1];
        r[0] = d;
        System.arraycopy(s, 0, r, 1, s.length);
        return r;
    }
}
