package dev.dgan.stylegan.v1;

import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
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
import java.util.TreeSet;

/**
 * StyleGAN1 as DatasetGAN's {@code models/stylegan1.py} builds {@code g_all}: mapping network,
 * truncation toward the average latent, synthesis network. Weights come from a {@code g_all}
 * state dict ({@code g_mapping.*}, {@code g_synthesis.*}); the layer sizes are read from their
 * shapes, so the 512-wide, 8-layer mapping of real checkpoints and narrower test models both load.
 *
 * <h2>Layers</h2>
 * <ul>
 *   <li><b>Equalized learning rate.</b> Every dense and conv layer multiplies its stored weight by
 *       {@code w_mul = gain / sqrt(fan_in) * lrmul} and its bias by {@code b_mul = lrmul}; this is
 *       done once when loading. Mapping: gain sqrt(2), lrmul 0.01. Synthesis convs: gain sqrt(2);
 *       style dense and to-RGB: gain 1; lrmul 1.</li>
 *   <li><b>Mapping.</b> Pixel norm {@code x / sqrt(mean(x^2) + 1e-8)}, then dense + LeakyReLU(0.2)
 *       per layer; the result is broadcast to {@link #numWs()} = 2 log2(resolution) - 2 ws.</li>
 *   <li><b>Truncation.</b> The first {@code maxLayer} ws become {@code lerp(avg, w, psi)}.</li>
 *   <li><b>Synthesis.</b> 4x4: learned constant plus bias, epilogue, 3x3 conv, epilogue. Each
 *       further block: upscale conv (nearest 2x upscale, 3x3 conv, [1,2,1] blur, bias; or, from
 *       128x128 on, the fused transposed conv with the 4-tap-summed kernel, blur, bias, exactly
 *       where the reference switches), epilogue, 3x3 conv, epilogue. Epilogue: noise
 *       ({@code x + strength[c] * noise}), LeakyReLU(0.2), instance norm (eps 1e-5, no affine),
 *       style modulation {@code x * (s0 + 1) + s1} from a dense layer on the block's w.
 *       Finally a 1x1 to-RGB conv; the image is raw (no tanh, no clamp).</li>
 * </ul>
 *
 * <h2>Feature taps</h2>
 * DatasetGAN's "affine layers", in its order: per block {@code {R}x{R}.x} (the block output, after
 * the second epilogue) then {@code {R}x{R}.x2} (the second conv's output, before that epilogue).
 *
 * <p>The generator owns its weights (on one device) until {@link #close()}. Methods returning
 * tensors give the caller ownership (or the TensorScope open on the calling thread).
 */
public final class StyleGan1Generator implements AutoCloseable {

    static final double SQRT2 = Math.sqrt(2);
    static final double MAPPING_LRMUL = 0.01;
    static final double LRELU_SLOPE = 0.2;
    static final double PIXEL_NORM_EPS = 1e-8;
    static final double INSTANCE_NORM_EPS = 1e-5;
    /** The reference fuses upscale and conv when the block's output side is at least this. */
    static final int FUSED_UPSCALE_FROM = 128;

    private record Dense(Tensor weight, Tensor bias) {
        Tensor apply(Tensor x) {
            return NN.linear(x, weight, bias);
        }
    }

    /** Noise strength [1, C, 1, 1] and style dense [2C, w_dim] of one layer epilogue. */
    private record Epilogue(String noiseLayer, int channels, int resolution, Tensor noiseStrength, Dense style) {
    }

    /**
     * One synthesis block. For 4x4, {@code start} is const + bias [1, C, 4, 4] and the up-conv
     * fields are null; otherwise {@code upWeight} is the 3x3 conv weight, or for fused blocks the
     * [C_in, C_out, 4, 4] transposed-conv weight, {@code upBias} [1, C, 1, 1] and {@code blur}
     * the depthwise [C, 1, 3, 3] kernel.
     */
    private record Block(int resolution, int channels, Tensor start, boolean fused, Tensor upWeight, Tensor upBias,
                         Tensor blur, Epilogue epi1, Tensor convWeight, Tensor convBias, Epilogue epi2) {
    }

    private final List<Tensor> owned = new ArrayList<>();
    private final Device device;
    private final int zDim, wDim, resolution, numWs, imageChannels, mappingLayers;
    private final List<Dense> mapping = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final Dense toRgb4d; // weight [3, C, 1, 1]
    private final Tensor avgLatent; // [1, numWs, wDim]
    private final int maxLayer;
    private final Tensor truncateMask; // bool [1, numWs, 1]
    private final List<FeatureTap> taps = new ArrayList<>();
    private final List<String> noiseLayers = new ArrayList<>();
    private boolean closed;

    /**
     * Builds the generator from a {@code g_all} state dict (borrowed: tensors are copied to
     * {@code device}; names may carry DataParallel's {@code module.} prefix), the average latent
     * ([1, K, w_dim] with K >= numWs, [1, w_dim] or [w_dim]) and the truncation's
     * {@code maxLayer}. {@code expectedResolution} 0 takes the resolution from the weights.
     * Missing tensors and wrong shapes are IllegalArgumentExceptions naming the tensor, the
     * expected and the actual shape; nothing is left allocated when construction fails.
     */
    public StyleGan1Generator(Map<String, Tensor> stateDict, Tensor avgLatent, int maxLayer, int expectedResolution,
                              Device device) {
        this.device = device;
        this.maxLayer = maxLayer;
        Weights w = new Weights(stateDict);
        try (TensorScope scope = TensorScope.open()) {
            // ----- mapping: dense0..denseK-1, sizes from the shapes
            int layers = 0;
            while (w.has("g_mapping.dense" + layers + ".weight")) layers++;
            if (layers == 0) throw w.missing("g_mapping.dense0.weight", "[w_dim, z_dim]");
            int in = -1;
            for (int i = 0; i < layers; i++) {
                String name = "g_mapping.dense" + i;
                Tensor wt = w.ofRank(name + ".weight", 2);
                long[] s = wt.shape();
                if (in >= 0 && s[1] != in) {
                    throw w.badShape(name + ".weight", "[out, " + in + "] (input = previous layer's output)", s);
                }
                Tensor b = w.get(name + ".bias", s[0]);
                double wMul = SQRT2 / Math.sqrt(s[1]) * MAPPING_LRMUL;
                mapping.add(new Dense(own(Ops.mul(wt, wMul)), own(Ops.mul(b, MAPPING_LRMUL))));
                in = (int) s[0];
            }
            this.mappingLayers = layers;
            this.zDim = (int) w.ofRank("g_mapping.dense0.weight", 2).shape()[1];
            this.wDim = in;

            // ----- synthesis: blocks 4x4 .. RxR, contiguous
            TreeSet<Integer> sides = w.blockResolutions();
            if (sides.isEmpty() || sides.first() != 4) {
                throw w.missing("g_synthesis.blocks.4x4.const", "[1, C, 4, 4]");
            }
            int top = sides.last();
            for (int r = 4; r <= top; r *= 2) {
                if (!sides.contains(r)) {
                    throw new IllegalArgumentException("stylegan1: state dict has blocks up to " + top + "x" + top
                            + " but none for " + r + "x" + r + " (found " + sides + ")");
                }
            }
            for (int r : sides) {
                if (Integer.bitCount(r) != 1) {
                    throw new IllegalArgumentException("stylegan1: block " + r + "x" + r + " is not a power of two");
                }
            }
            if (expectedResolution != 0 && expectedResolution != top) {
                throw new IllegalArgumentException("stylegan1: config resolution " + expectedResolution
                        + " does not match the weights, whose blocks go up to " + top + "x" + top);
            }
            this.resolution = top;
            this.numWs = 2 * Integer.numberOfTrailingZeros(top) - 2;

            int prev = -1;
            for (int r = 4; r <= top; r *= 2) {
                String p = "g_synthesis.blocks." + r + "x" + r + ".";
                Block block;
                if (r == 4) {
                    Tensor cst = w.ofRank(p + "const", 4);
                    long[] cs = cst.shape();
                    if (cs[0] != 1 || cs[2] != 4 || cs[3] != 4) throw w.badShape(p + "const", "[1, C, 4, 4]", cs);
                    int c = (int) cs[1];
                    Tensor bias = w.get(p + "bias", c);
                    Tensor start = own(Ops.add(cst, Ops.reshape(bias, 1, c, 1, 1)));
                    Epilogue e1 = epilogue(w, p + "epi1", c, r);
                    Tensor convW = w.get(p + "conv.weight", c, c, 3, 3);
                    Tensor convB = w.get(p + "conv.bias", c);
                    Epilogue e2 = epilogue(w, p + "epi2", c, r);
                    block = new Block(r, c, start, false, null, null, null, e1,
                            own(Ops.mul(convW, SQRT2 / Math.sqrt(c * 9.0))), own(convB.to(device)), e2);
                    prev = c;
                } else {
                    Tensor upW = w.ofRank(p + "conv0_up.weight", 4);
                    long[] us = upW.shape();
                    if (us[1] != prev || us[2] != 3 || us[3] != 3) {
                        throw w.badShape(p + "conv0_up.weight", "[C, " + prev + ", 3, 3]", us);
                    }
                    int c = (int) us[0];
                    Tensor scaled = Ops.mul(upW, SQRT2 / Math.sqrt(prev * 9.0));
                    boolean fused = r >= FUSED_UPSCALE_FROM;
                    Tensor upWeight = fused ? fusedUpscaleWeight(scaled) : scaled;
                    Tensor upBias = Ops.reshape(w.get(p + "conv0_up.bias", c), 1, c, 1, 1);
                    Tensor kernel = w.has(p + "conv0_up.intermediate.kernel")
                            ? w.get(p + "conv0_up.intermediate.kernel", 1, 1, 3, 3) : defaultBlur();
                    Tensor blur = Ops.contiguous(Ops.expand(kernel, c, 1, 3, 3));
                    Epilogue e1 = epilogue(w, p + "epi1", c, r);
                    Tensor convW = w.get(p + "conv1.weight", c, c, 3, 3);
                    Tensor convB = w.get(p + "conv1.bias", c);
                    Epilogue e2 = epilogue(w, p + "epi2", c, r);
                    block = new Block(r, c, null, fused, own(upWeight), own(upBias), own(blur), e1,
                            own(Ops.mul(convW, SQRT2 / Math.sqrt(c * 9.0))), own(convB.to(device)), e2);
                    prev = c;
                }
                blocks.add(block);
                noiseLayers.add(block.epi1().noiseLayer());
                noiseLayers.add(block.epi2().noiseLayer());
                taps.add(new FeatureTap(r + "x" + r + ".x", block.channels(), r));
                taps.add(new FeatureTap(r + "x" + r + ".x2", block.channels(), r));
            }
            Tensor rgbW = w.ofRank("g_synthesis.torgb.weight", 4);
            long[] rs = rgbW.shape();
            if (rs[1] != prev || rs[2] != 1 || rs[3] != 1) throw w.badShape("g_synthesis.torgb.weight", "[3, " + prev + ", 1, 1]", rs);
            this.imageChannels = (int) rs[0];
            this.toRgb4d = new Dense(own(Ops.mul(rgbW, 1.0 / Math.sqrt(prev))),
                    own(w.get("g_synthesis.torgb.bias", imageChannels).to(device)));

            // ----- truncation
            this.avgLatent = own(averageLatent(avgLatent));
            if (maxLayer < 0) throw new IllegalArgumentException("stylegan1: max_layer must be >= 0, got " + maxLayer);
            byte[] mask = new byte[numWs];
            for (int i = 0; i < numWs; i++) mask[i] = (byte) (i < maxLayer ? 1 : 0);
            this.truncateMask = own(Tensor.of(mask, DType.BOOL, 1, numWs, 1).to(device));
        } catch (RuntimeException e) {
            closeOwned();
            throw e;
        }
    }

    private Epilogue epilogue(Weights w, String prefix, int channels, int r) {
        Tensor strength = w.get(prefix + ".top_epi.noise.weight", channels);
        Tensor styleW = w.get(prefix + ".style_mod.lin.weight", 2L * channels, wDim);
        Tensor styleB = w.get(prefix + ".style_mod.lin.bias", 2L * channels);
        Dense style = new Dense(own(Ops.mul(styleW, 1.0 / Math.sqrt(wDim))), own(styleB.to(device)));
        return new Epilogue(prefix + ".top_epi.noise", channels, r, own(Ops.reshape(strength, 1, channels, 1, 1).to(device)),
                style);
    }

    /**
     * The reference's fused upscale: the scaled [O, I, 3, 3] weight, transposed to [I, O, 3, 3],
     * zero-padded to 5x5 and summed over its four 4x4 shifted windows, for
     * {@code conv_transpose2d(stride 2, padding 1)}.
     */
    private static Tensor fusedUpscaleWeight(Tensor scaled) {
        Tensor t = Ops.permute(scaled, 1, 0, 2, 3);
        Tensor p = Ops.pad(t, new long[] {1, 1, 1, 1}, 0.0);
        Tensor a = Ops.narrow(Ops.narrow(p, 2, 1, 4), 3, 1, 4);
        Tensor b = Ops.narrow(Ops.narrow(p, 2, 0, 4), 3, 1, 4);
        Tensor c = Ops.narrow(Ops.narrow(p, 2, 1, 4), 3, 0, 4);
        Tensor d = Ops.narrow(Ops.narrow(p, 2, 0, 4), 3, 0, 4);
        return Ops.contiguous(Ops.add(Ops.add(Ops.add(a, b), c), d));
    }

    /** [1, 2, 1] x [1, 2, 1] / 16, as BlurLayer registers it (used when the buffer is not in the state dict). */
    private static Tensor defaultBlur() {
        float[] k = {1, 2, 1, 2, 4, 2, 1, 2, 1};
        for (int i = 0; i < k.length; i++) k[i] /= 16f;
        return Tensor.of(k, 1, 1, 3, 3);
    }

    private Tensor averageLatent(Tensor avg) {
        if (avg == null) throw new IllegalArgumentException("stylegan1: an average latent is required for truncation");
        long[] s = avg.shape();
        Tensor a = avg.to(DType.F32);
        if (s.length == 1 && s[0] == wDim) {
            a = Ops.reshape(a, 1, 1, wDim);
        } else if (s.length == 2 && s[0] == 1 && s[1] == wDim) {
            a = Ops.reshape(a, 1, 1, wDim);
        } else if (s.length == 3 && s[0] == 1 && s[1] >= numWs && s[2] == wDim) {
            a = Ops.narrow(a, 1, 0, numWs);
        } else {
            throw new IllegalArgumentException("stylegan1: average latent has shape " + Arrays.toString(s)
                    + ", expected [1, K, " + wDim + "] with K >= " + numWs + " (DatasetGAN saves [1, 18, " + wDim
                    + "]), [1, " + wDim + "] or [" + wDim + "]");
        }
        return Ops.contiguous(Ops.expand(a, 1, numWs, wDim)).to(device);
    }

    /**
     * A private copy on the device (weights as float32, the bool mask as is): never a view of
     * the caller's tensors, which may be mapped from a file that closes after construction.
     */
    private Tensor own(Tensor t) {
        Tensor f = Ops.toCopy(t, t.dtype().isFloatingPoint() ? DType.F32 : null, device);
        TensorScope.release(f);
        owned.add(f);
        return f;
    }

    private void closeOwned() {
        RuntimeException first = null;
        for (Tensor t : owned) {
            try {
                t.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        owned.clear();
        if (first != null) throw first;
    }

    // ----- sizes ---------------------------------------------------------------------------

    public Device device() {
        return device;
    }

    public int zDim() {
        return zDim;
    }

    public int wDim() {
        return wDim;
    }

    public int resolution() {
        return resolution;
    }

    /** Number of per-layer ws the synthesis reads: 2 log2(resolution) - 2. */
    public int numWs() {
        return numWs;
    }

    public int imageChannels() {
        return imageChannels;
    }

    public int mappingLayers() {
        return mappingLayers;
    }

    public int maxLayer() {
        return maxLayer;
    }

    /** The feature maps {@link #synthesis} streams, in order. */
    public List<FeatureTap> taps() {
        return List.copyOf(taps);
    }

    /** Noise layer names in synthesis order (the reference's module paths). */
    public List<String> noiseLayers() {
        return List.copyOf(noiseLayers);
    }

    /** Side of the map of the given noise layer. */
    public int noiseResolution(String layer) {
        int i = noiseLayers.indexOf(layer);
        if (i < 0) throw new IllegalArgumentException("stylegan1: no noise layer '" + layer + "'; layers: " + noiseLayers);
        return blocks.get(i / 2).resolution();
    }

    // ----- forward -------------------------------------------------------------------------

    /** Mapping network: z [N, zDim] -> w [N, wDim]. */
    public Tensor mapping(Tensor z) {
        checkOpen();
        long[] s = z.shape();
        if (s.length != 2 || s[1] != zDim) {
            throw new IllegalArgumentException("stylegan1 mapping: z has shape " + Arrays.toString(s) + ", expected [N, " + zDim + "]");
        }
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = z.to(DType.F32).to(device);
            Tensor meanSq = Ops.mean(Ops.square(x), new long[] {1}, true);
            x = Ops.mul(x, Ops.rsqrt(Ops.add(meanSq, PIXEL_NORM_EPS)));
            for (Dense d : mapping) x = NN.leakyRelu(d.apply(x), LRELU_SLOPE);
            return scope.keep(x);
        }
    }

    /** w [N, wDim] repeated for every layer: [N, numWs, wDim] (a broadcast view). */
    public Tensor broadcast(Tensor w) {
        long[] s = w.shape();
        if (s.length != 2 || s[1] != wDim) {
            throw new IllegalArgumentException("stylegan1: w has shape " + Arrays.toString(s) + ", expected [N, " + wDim + "]");
        }
        try (TensorScope scope = TensorScope.open()) {
            return scope.keep(Ops.expand(Ops.unsqueeze(w, 1), s[0], numWs, wDim));
        }
    }

    /**
     * DatasetGAN's Truncation: ws [N, numWs, wDim] with the first {@link #maxLayer()} entries
     * replaced by {@code lerp(avg, ws, psi)} (computed as torch.lerp does); psi 1 returns ws.
     */
    public Tensor truncate(Tensor ws, double psi) {
        checkOpen();
        checkWs(ws);
        if (!(psi >= 0 && psi <= 1)) throw new IllegalArgumentException("stylegan1: truncation psi must be in [0, 1], got " + psi);
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.narrow(ws.to(DType.F32).to(device), 1, 0, numWs);
            if (psi == 1 || maxLayer == 0) return scope.keep(Ops.contiguous(x));
            Tensor diff = Ops.sub(x, avgLatent);
            float weight = (float) psi;
            Tensor lerp = weight < 0.5f
                    ? Ops.add(avgLatent, Ops.mul(diff, weight))
                    : Ops.sub(x, Ops.mul(diff, 1f - weight));
            return scope.keep(Ops.where(truncateMask, lerp, x));
        }
    }

    /** The average latent the truncation pulls toward, [1, numWs, wDim] (a new reference). */
    public Tensor averageLatent() {
        checkOpen();
        return avgLatent.share();
    }

    /**
     * Synthesis network: ws [N, numWs (or more, the extra ignored), wDim] -> image [N, 3, R, R].
     * Every feature tap is handed to {@code sink} as soon as it is computed (borrowed).
     */
    public Tensor synthesis(Tensor ws, Map<String, Tensor> noise, FeatureSink sink) {
        checkOpen();
        checkWs(ws);
        long n = ws.shape()[0];
        try (TensorScope scope = TensorScope.open()) {
            Tensor w = ws.to(DType.F32).to(device);
            Map<String, Tensor> maps = noiseMaps(noise, n);
            Tensor x = null;
            int tap = 0;
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                Tensor w0 = layerW(w, 2 * i), w1 = layerW(w, 2 * i + 1);
                if (i == 0) {
                    x = Ops.expand(b.start(), n, b.channels(), 4, 4);
                } else {
                    x = upConv(x, b);
                }
                x = epilogue(x, b.epi1(), w0, maps.get(b.epi1().noiseLayer()));
                Tensor x2 = NN.conv2d(x, b.convWeight(), b.convBias(), 1, 1);
                x = epilogue(x2, b.epi2(), w1, maps.get(b.epi2().noiseLayer()));
                sink.accept(taps.get(tap++), x);
                sink.accept(taps.get(tap++), x2);
            }
            return scope.keep(NN.conv2d(x, toRgb4d.weight(), toRgb4d.bias(), 1, 0));
        }
    }

    private Tensor upConv(Tensor x, Block b) {
        Tensor y;
        if (b.fused()) {
            y = NN.convTranspose2d(x, b.upWeight(), null, new long[] {2, 2}, new long[] {1, 1}, new long[] {0, 0}, 1,
                    new long[] {1, 1});
        } else {
            long h = x.size(2), wd = x.size(3);
            y = NN.conv2d(NN.upsampleNearest(x, 2 * h, 2 * wd), b.upWeight(), null, 1, 1);
        }
        y = NN.conv2d(y, b.blur(), null, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, b.channels());
        return Ops.add(y, b.upBias());
    }

    private static Tensor epilogue(Tensor x, Epilogue e, Tensor w, Tensor noise) {
        Tensor y = noise == null ? x : Ops.add(x, Ops.mul(e.noiseStrength(), noise));
        y = NN.leakyRelu(y, LRELU_SLOPE);
        y = NN.instanceNorm(y, null, null, INSTANCE_NORM_EPS);
        long n = w.size(0);
        Tensor style = Ops.reshape(e.style().apply(w), n, 2, e.channels(), 1, 1);
        Tensor scale = Ops.reshape(Ops.narrow(style, 1, 0, 1), n, e.channels(), 1, 1);
        Tensor shift = Ops.reshape(Ops.narrow(style, 1, 1, 1), n, e.channels(), 1, 1);
        return Ops.add(Ops.mul(y, Ops.add(scale, 1.0)), shift);
    }

    private Tensor layerW(Tensor ws, int layer) {
        return Ops.squeeze(Ops.narrow(ws, 1, layer, 1), 1);
    }

    /** The noise map per layer on this device, checked; null entries mean no noise. */
    private Map<String, Tensor> noiseMaps(Map<String, Tensor> given, long n) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (given == null) return out;
        for (String layer : noiseLayers) {
            Tensor t = given.get(layer);
            if (t == null) {
                throw new IllegalArgumentException("stylegan1: no noise given for layer '" + layer + "'; expected one map per"
                        + " layer: " + noiseLayers);
            }
            int r = noiseResolution(layer);
            long[] s = t.shape();
            if (s.length != 4 || (s[0] != 1 && s[0] != n) || s[1] != 1 || s[2] != r || s[3] != r) {
                throw new IllegalArgumentException("stylegan1: noise for '" + layer + "' has shape " + Arrays.toString(s)
                        + ", expected [1, 1, " + r + ", " + r + "] or [" + n + ", 1, " + r + ", " + r + "]");
            }
            out.put(layer, t.to(DType.F32).to(device));
        }
        for (String k : given.keySet()) {
            if (!noiseLayers.contains(k)) {
                throw new IllegalArgumentException("stylegan1: noise given for unknown layer '" + k + "'; layers: " + noiseLayers);
            }
        }
        return out;
    }

    /**
     * Standard normal noise per sample: sample i draws, from a CPU generator seeded with
     * {@code seeds[i]}, one [1, 1, R, R] map per noise layer in layer order. Returns layer ->
     * [N, 1, R, R] on this device.
     */
    public Map<String, Tensor> seededNoise(long[] seeds) {
        checkOpen();
        try (TensorScope scope = TensorScope.open()) {
            List<List<Tensor>> perLayer = new ArrayList<>();
            for (int l = 0; l < noiseLayers.size(); l++) perLayer.add(new ArrayList<>());
            for (long seed : seeds) {
                try (Generator g = Generator.seeded(seed)) {
                    for (int l = 0; l < noiseLayers.size(); l++) {
                        int r = noiseResolution(noiseLayers.get(l));
                        perLayer.get(l).add(Ops.randn(g, DType.F32, Device.CPU, 1, 1, r, r));
                    }
                }
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int l = 0; l < noiseLayers.size(); l++) {
                out.put(noiseLayers.get(l), scope.keep(Ops.cat(perLayer.get(l), 0).to(device)));
            }
            return out;
        }
    }

    private void checkWs(Tensor ws) {
        long[] s = ws.shape();
        if (s.length != 3 || s[1] < numWs || s[2] != wDim) {
            throw new IllegalArgumentException("stylegan1: ws has shape " + Arrays.toString(s) + ", expected [N, " + numWs
                    + ", " + wDim + "] (or more ws, e.g. DatasetGAN's 18, of which the first " + numWs + " are used)");
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("stylegan1 generator is closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeOwned();
    }

    // ----- state dict access -----------------------------------------------------------------

    /** The state dict with DataParallel's {@code module.} prefix removed, and checked lookups. */
    private static final class Weights {
        private final Map<String, Tensor> byName = new LinkedHashMap<>();

        Weights(Map<String, Tensor> stateDict) {
            if (stateDict == null || stateDict.isEmpty()) throw new IllegalArgumentException("stylegan1: the state dict is empty");
            boolean prefixed = stateDict.keySet().stream().allMatch(k -> k.startsWith("module."));
            for (var e : stateDict.entrySet()) {
                byName.put(prefixed ? e.getKey().substring("module.".length()) : e.getKey(), e.getValue());
            }
            if (byName.keySet().stream().noneMatch(k -> k.startsWith("g_mapping.") || k.startsWith("g_synthesis."))) {
                throw new IllegalArgumentException("stylegan1: expected a DatasetGAN g_all state dict (g_mapping.*,"
                        + " g_synthesis.*), got names like " + byName.keySet().stream().limit(5).toList());
            }
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }

        /** The tensor as float32 (a new reference, owned by the scope open on this thread). */
        Tensor ofRank(String name, int rank) {
            Tensor t = byName.get(name);
            if (t == null) throw missing(name, rank + "-d tensor");
            if (t.dim() != rank) throw badShape(name, rank + "-d tensor", t.shape());
            return float32(name, t);
        }

        Tensor get(String name, long... shape) {
            Tensor t = byName.get(name);
            if (t == null) throw missing(name, Arrays.toString(shape));
            if (!Arrays.equals(t.shape(), shape)) throw badShape(name, Arrays.toString(shape), t.shape());
            return float32(name, t);
        }

        private static Tensor float32(String name, Tensor t) {
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("stylegan1: tensor '" + name + "' is " + t.dtype() + ", expected floating point");
            }
            return t.to(DType.F32);
        }

        TreeSet<Integer> blockResolutions() {
            TreeSet<Integer> out = new TreeSet<>();
            for (String k : byName.keySet()) {
                if (!k.startsWith("g_synthesis.blocks.")) continue;
                String rest = k.substring("g_synthesis.blocks.".length());
                int dot = rest.indexOf('.'), x = rest.indexOf('x');
                if (dot < 0 || x < 0 || x > dot) continue;
                try {
                    int a = Integer.parseInt(rest.substring(0, x)), b = Integer.parseInt(rest.substring(x + 1, dot));
                    if (a == b) out.add(a);
                } catch (NumberFormatException e) {
                    // not a resolution block (e.g. a segmentation branch); ignored
                }
            }
            return out;
        }

        IllegalArgumentException missing(String name, String expected) {
            return new IllegalArgumentException("stylegan1: state dict has no tensor '" + name + "' (expected " + expected + ")");
        }

        IllegalArgumentException badShape(String name, String expected, long[] actual) {
            return new IllegalArgumentException("stylegan1: tensor '" + name + "' has shape " + Arrays.toString(actual)
                    + ", expected " + expected);
        }
    }
}
