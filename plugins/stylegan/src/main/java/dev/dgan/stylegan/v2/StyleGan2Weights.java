package dev.dgan.stylegan.v2;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's parameters under their NVlabs state-dict names, float32, on one device.
 * Built from a state dict only after every expected name and shape was checked in Java.
 */
public final class StyleGan2Weights implements AutoCloseable {

    private final StyleGan2Config config;
    private final Device device;
    private final Map<String, Tensor> tensors;

    private StyleGan2Weights(StyleGan2Config config, Device device, Map<String, Tensor> tensors) {
        this.config = config;
        this.device = device;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Checks {@code stateDict} (NVlabs names, e.g. {@code mapping.fc0.weight}) against
     * {@code config} and copies it to {@code device} as float32. The caller keeps ownership of
     * the given tensors; {@code source} names them in error messages (usually the file).
     */
    public static StyleGan2Weights fromNvlabs(Map<String, Tensor> stateDict, StyleGan2Config config, String source,
                                              Device device) {
        validate(stateDict, config, source);
        Map<String, long[]> expected = expectedShapes(config);
        Map<String, Tensor> out = new LinkedHashMap<>();
        try {
            for (String name : expected.keySet()) {
                Tensor t = stateDict.get(name);
                Tensor copy = Ops.toCopy(t, DType.F32, device);
                out.put(name, copy);
                if (!copy.isContiguous()) out.put(name, Ops.contiguous(copy)).close();
            }
        } catch (RuntimeException e) {
            out.values().forEach(Tensor::close);
            throw e;
        }
        return new StyleGan2Weights(config, device, out);
    }

    /** Every parameter and buffer an NVlabs Generator with {@code config} has, with its shape. */
    public static Map<String, long[]> expectedShapes(StyleGan2Config c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        int embed = c.cDim() > 0 ? c.embedFeatures() : 0;
        if (c.cDim() > 0) {
            m.put("mapping.embed.weight", shape(c.embedFeatures(), c.cDim()));
            m.put("mapping.embed.bias", shape(c.embedFeatures()));
        }
        for (int i = 0; i < c.mappingLayers(); i++) {
            int in = i == 0 ? c.zDim() + embed : c.layerFeatures();
            int out = i == c.mappingLayers() - 1 ? c.wDim() : c.layerFeatures();
            m.put("mapping.fc" + i + ".weight", shape(out, in));
            m.put("mapping.fc" + i + ".bias", shape(out));
        }
        m.put("mapping.w_avg", shape(c.wDim()));
        long[] filter = filterShape(c);
        int k = c.kernelSize();
        for (int res : c.blockResolutions()) {
            String b = "synthesis.b" + res + ".";
            int out = c.channels(res);
            if (res == 4) {
                m.put(b + "const", shape(out, 4, 4));
            } else {
                int in = c.channels(res / 2);
                layer(m, c, b + "conv0.", in, out, k, res, filter);
            }
            layer(m, c, b + "conv1.", out, out, k, res, filter);
            if (c.hasToRgb(res)) {
                m.put(b + "torgb.affine.weight", shape(out, c.wDim()));
                m.put(b + "torgb.affine.bias", shape(out));
                m.put(b + "torgb.weight", shape(c.imgChannels(), out, 1, 1));
                m.put(b + "torgb.bias", shape(c.imgChannels()));
            }
            if (res > 4 && c.architecture().equals("resnet")) {
                m.put(b + "skip.weight", shape(out, c.channels(res / 2), 1, 1));
                m.put(b + "skip.resample_filter", filter);
            }
            m.put(b + "resample_filter", filter);
        }
        return m;
    }

    private static void layer(Map<String, long[]> m, StyleGan2Config c, String p, int in, int out, int k, int res,
                              long[] filter) {
        m.put(p + "affine.weight", shape(in, c.wDim()));
        m.put(p + "affine.bias", shape(in));
        m.put(p + "weight", shape(out, in, k, k));
        m.put(p + "bias", shape(out));
        if (c.useNoise()) {
            m.put(p + "noise_const", shape(res, res));
            m.put(p + "noise_strength", shape());
        }
        m.put(p + "resample_filter", filter);
    }

    /** The reference stores short FIR filters as their 2-D outer product, 8 taps and more as 1-D (separable). */
    private static long[] filterShape(StyleGan2Config c) {
        int taps = c.resampleFilter().length;
        return taps >= 8 ? shape(taps) : shape(taps, taps);
    }

    /**
     * Throws IllegalArgumentException listing every missing tensor, every tensor whose shape
     * differs (expected and found) and every unexpected tensor, before anything native runs.
     * A scalar may also be stored as [1] (exports that cannot write 0-d tensors).
     */
    public static void validate(Map<String, Tensor> stateDict, StyleGan2Config config, String source) {
        Map<String, long[]> expected = expectedShapes(config);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = stateDict.get(e.getKey());
            if (t == null) {
                problems.add("missing tensor " + e.getKey() + " (expected shape " + Arrays.toString(e.getValue()) + ")");
                continue;
            }
            long[] found = t.shape();
            boolean scalarAsOne = e.getValue().length == 0 && found.length == 1 && found[0] == 1;
            if (!Arrays.equals(found, e.getValue()) && !scalarAsOne) {
                problems.add("tensor " + e.getKey() + ": expected shape " + Arrays.toString(e.getValue())
                        + ", found " + Arrays.toString(found));
            } else if (!t.dtype().isFloatingPoint()) {
                problems.add("tensor " + e.getKey() + ": expected a floating-point tensor, found " + t.dtype());
            }
        }
        for (String name : stateDict.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add("unexpected tensor " + name + " " + Arrays.toString(stateDict.get(name).shape())
                        + " (not part of a generator with this config)");
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 12);
            throw new IllegalArgumentException(source + ": state dict does not match the StyleGAN2 config (img_resolution "
                    + config.imgResolution() + ", z_dim " + config.zDim() + ", w_dim " + config.wDim() + ", channel_base "
                    + config.channelBase() + ", channel_max " + config.channelMax() + ", architecture "
                    + config.architecture() + "): " + String.join("; ", problems.subList(0, shown))
                    + (shown < problems.size() ? "; ... (" + problems.size() + " problems in all)" : ""));
        }
    }

    private static long[] shape(long... s) {
        return s;
    }

    public StyleGan2Config config() {
        return config;
    }

    public Device device() {
        return device;
    }

    /** The named parameter (borrowed; valid until this is closed). */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no parameter " + name);
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Names in state-dict order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
    }
}
