package dev.dgan.tasks.mlp;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast inference path. The first layer of every model is linear and bilinear upsampling
 * is linear per channel, so {@code W1 . up(concat F_k) = sum_k up(W1[:, k] . F_k)}: each tap
 * is multiplied by its slice of the first layer at its own resolution (all models at once),
 * and only those N x hidden1 channels are interpolated, row band by row band. The
 * dim-channel full-resolution feature tensor is never built. BatchNorm is folded into the
 * following linear layer, and layers two and three of all models run as one batched matmul.
 *
 * <p>Memory: per model chunk, the first-layer outputs of the taps below full resolution
 * (chunks are sized to {@code groupBytes}), plus one band of rows sized to {@code tileBytes}.
 */
public final class FusedEnsemble implements EnsembleForward {

    public static final long DEFAULT_TILE_BYTES = 32L << 20;
    public static final long DEFAULT_GROUP_BYTES = 512L << 20;

    private final TapLayout layout;
    private final MlpShape shape;
    private final int models;
    private final List<Chunk> chunks = new ArrayList<>();
    private final long tileBytes;
    private final DType compute;

    /** Folded weights of models {@code first .. first + count - 1}. */
    private record Chunk(int first, int count, List<Tensor> w1PerTap, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3) {
        void close() {
            w1PerTap.forEach(Tensor::close);
            for (Tensor t : List.of(b1, w2, b2, w3, b3)) t.close();
        }
    }

    public FusedEnsemble(MlpEnsemble ensemble, TapLayout layout, Device device) {
        this(ensemble, layout, device, DType.F32);
    }

    /** {@code compute}: the element type of the products (F32 or BF16); logits are delivered as F32 either way. */
    public FusedEnsemble(MlpEnsemble ensemble, TapLayout layout, Device device, DType compute) {
        this(ensemble, layout, device, DEFAULT_TILE_BYTES, DEFAULT_GROUP_BYTES, compute);
    }

    public FusedEnsemble(MlpEnsemble ensemble, TapLayout layout, Device device, long tileBytes, long groupBytes) {
        this(ensemble, layout, device, tileBytes, groupBytes, DType.F32);
    }

    public FusedEnsemble(MlpEnsemble ensemble, TapLayout layout, Device device, long tileBytes, long groupBytes, DType compute) {
        if (!compute.isFloatingPoint()) throw new IllegalArgumentException("compute type must be floating point, got " + compute);
        if (ensemble.shape().inputs() != layout.channels())
            throw new IllegalArgumentException("ensemble reads " + ensemble.shape().inputs() + " channels, taps give " + layout.channels());
        this.layout = layout;
        this.shape = ensemble.shape();
        this.models = ensemble.models();
        this.tileBytes = tileBytes;
        this.compute = compute;
        long lowResPixels = 0;
        for (FeatureTap t : distinctResolutions()) if (!layout.isFullResolution(t)) lowResPixels += (long) t.resolution() * t.resolution();
        long perModel = Math.max(1, (long) compute.byteSize() * shape.hidden1() * lowResPixels);
        int perChunk = (int) Math.max(1, Math.min(models, groupBytes / perModel));
        try {
            for (int first = 0; first < models; first += perChunk) chunks.add(fold(ensemble, first, Math.min(perChunk, models - first), device));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private List<FeatureTap> distinctResolutions() {
        List<FeatureTap> out = new ArrayList<>();
        for (int[] g : layout.byResolution()) out.add(layout.taps().get(g[0]));
        return out;
    }

    /**
     * BatchNorm after ReLU, y = s * x + t with s = gamma / sqrt(var + eps) and t = beta - s * mean,
     * folds into the next layer: W' = W diag(s), b' = b + W t. Folded in float32, then cast to
     * the compute type, so reduced precision rounds each weight once.
     */
    private Chunk fold(MlpEnsemble e, int first, int count, Device device) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor w1 = part(e, "l1.weight", first, count, device); // [n, h1, dim]
            List<Tensor> w1PerTap = new ArrayList<>();
            for (int k = 0; k < layout.taps().size(); k++) {
                Tensor slice = Ops.narrow(w1, 2, layout.offset(k), layout.taps().get(k).channels());
                w1PerTap.add(TensorScope.release(Compute.as(Ops.contiguous(Ops.reshape(Ops.contiguous(slice), (long) count * shape.hidden1(), layout.taps().get(k).channels())), compute)));
            }
            Tensor b1 = TensorScope.release(Compute.as(Ops.reshape(part(e, "l1.bias", first, count, device), (long) count * shape.hidden1(), 1), compute));
            Tensor[] l2 = foldInto(part(e, "l2.weight", first, count, device), part(e, "l2.bias", first, count, device),
                    e, "bn1", first, count, device);
            Tensor[] l3 = foldInto(part(e, "l3.weight", first, count, device), part(e, "l3.bias", first, count, device),
                    e, "bn2", first, count, device);
            return new Chunk(first, count, w1PerTap, b1, keep(l2[0]), keep(l2[1]), keep(l3[0]), keep(l3[1]));
        }
    }

    /** A folded weight in the compute type, out of the fold's scope. */
    private Tensor keep(Tensor folded) {
        return TensorScope.release(Compute.as(folded, compute));
    }

    private static Tensor part(MlpEnsemble e, String name, int first, int count, Device device) {
        return Ops.toCopy(Ops.narrow(e.get(name), 0, first, count), DType.F32, device);
    }

    /** Returns {W diag(s) [n, out, in], (b + W t) as [n, out, 1]}. */
    private static Tensor[] foldInto(Tensor w, Tensor b, MlpEnsemble e, String bn, int first, int count, Device device) {
        Tensor gamma = part(e, bn + ".weight", first, count, device);
        Tensor beta = part(e, bn + ".bias", first, count, device);
        Tensor mean = part(e, bn + ".running_mean", first, count, device);
        Tensor var = part(e, bn + ".running_var", first, count, device);
        Tensor s = Ops.mul(gamma, Ops.rsqrt(Ops.add(var, PixelMlp.BN_EPS))); // [n, in]
        Tensor t = Ops.sub(beta, Ops.mul(s, mean));
        Tensor wf = Ops.contiguous(Ops.mul(w, Ops.unsqueeze(s, 1)));
        Tensor bf = Ops.add(Ops.unsqueeze(b, 2), Ops.bmm(w, Ops.unsqueeze(t, 2)));
        return new Tensor[] {wf, bf};
    }

    @Override
    public int models() {
        return models;
    }

    /** Taps up to this resolution are interpolated by two small matrix products instead of libtorch's upsampling. */
    static final int SMALL_RESOLUTION = 32;

    @Override
    public void run(Map<String, Tensor> taps, int b, TileSink sink) {
        long batch = layout.checkBatch(taps);
        if (b < 0 || b >= batch) throw new IllegalArgumentException("sample " + b + " is outside the batch of " + batch);
        int h = layout.height(), w = layout.width();
        for (Chunk c : chunks) {
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> features = new ArrayList<>(); // [C, r, r] per tap
                for (FeatureTap t : layout.taps()) features.add(Compute.as(Ops.squeeze(Ops.narrow(taps.get(t.name()), 0, b, 1), 0), compute));
                long ch = (long) c.count() * shape.hidden1();
                // first layer at native resolution for every tap below full resolution, summed per resolution
                List<Tensor> small = new ArrayList<>(), large = new ArrayList<>();
                List<Integer> smallSize = new ArrayList<>(), largeSize = new ArrayList<>();
                List<Integer> fullRes = new ArrayList<>();
                for (int[] g : layout.byResolution()) {
                    FeatureTap first = layout.taps().get(g[0]);
                    if (layout.isFullResolution(first)) {
                        for (int k : g) fullRes.add(k);
                        continue;
                    }
                    int r = first.resolution();
                    Tensor sum = null;
                    for (int k : g) {
                        Tensor y = Ops.mm(c.w1PerTap().get(k), Ops.reshape(features.get(k), layout.taps().get(k).channels(), (long) r * r));
                        sum = sum == null ? y : Ops.add(sum, y);
                    }
                    boolean isSmall = r <= SMALL_RESOLUTION;
                    (isSmall ? small : large).add(Ops.reshape(sum, ch, r, r));
                    (isSmall ? smallSize : largeSize).add(r);
                }
                // the small taps' columns: every small tap's width interpolation side by side, then ones for the bias
                Tensor widthT = Compute.as(smallWidthMatrix(smallSize, w, features.get(0).device()), compute); // [K + 1, W]
                Tensor fullW1 = fullRes.isEmpty() ? null : Ops.cat(fullRes.stream().map(k -> c.w1PerTap().get(k)).toList(), 1);
                int rows = (int) Math.max(1, Math.min(h, tileBytes / Math.max(1, (long) compute.byteSize() * 3 * ch * w)));
                for (int y0 = 0; y0 < h; y0 += rows) {
                    int n = Math.min(rows, h - y0);
                    try (TensorScope tile = TensorScope.open()) {
                        // small taps and bias: rows blended by [n, r] matrices, then one product with the width matrices
                        List<Tensor> blended = new ArrayList<>();
                        for (int i = 0; i < small.size(); i++) blended.add(Ops.matmul(Compute.as(rowMatrix(smallSize.get(i), h, y0, n, small.get(i).device()), compute), small.get(i)));
                        blended.add(Ops.expand(Ops.unsqueeze(c.b1(), 1), ch, n, 1));
                        Tensor acc = Ops.reshape(Ops.mm(Ops.reshape(Ops.cat(blended, 2), ch * n, widthT.size(0)), widthT), ch, (long) n * w);
                        if (fullW1 != null) {
                            List<Tensor> bands = new ArrayList<>();
                            for (int k : fullRes) bands.add(Ops.reshape(Ops.narrow(features.get(k), 1, y0, n), layout.taps().get(k).channels(), (long) n * w));
                            acc = Ops.addmm(acc, fullW1, bands.size() == 1 ? bands.get(0) : Ops.cat(bands, 0));
                        }
                        for (int i = 0; i < large.size(); i++) {
                            acc = Ops.add(acc, Ops.reshape(upsampleBand(large.get(i), largeSize.get(i), y0, n), ch, (long) n * w));
                        }
                        Tensor hidden = Ops.reshape(NN.relu(acc), c.count(), shape.hidden1(), (long) n * w);
                        Tensor h2 = NN.relu(Ops.add(Ops.bmm(c.w2(), hidden), c.b2()));
                        Tensor out = Compute.logits(Ops.add(Ops.bmm(c.w3(), h2), c.b3()));
                        sink.accept(c.first(), out, y0, n);
                    }
                }
            }
        }
    }

    /** [n, r]: output rows y0 .. y0 + n - 1 as bilinear blends of the r source rows. */
    private static Tensor rowMatrix(int r, int out, int y0, int n, Device device) {
        long[] lo = new long[n], hi = new long[n];
        float[] l0 = new float[n], l1 = new float[n];
        Bilinear.sourceRows(r, out, y0, n, lo, hi, l0, l1);
        float[] m = new float[n * r];
        for (int i = 0; i < n; i++) {
            m[i * r + (int) lo[i]] += l0[i];
            m[i * r + (int) hi[i]] += l1[i];
        }
        return Tensor.of(m, n, r).to(device);
    }

    /** [K + 1, W]: for each small resolution, its [r, W] width interpolation, stacked; last row all ones (the bias). */
    private static Tensor smallWidthMatrix(List<Integer> sizes, int w, Device device) {
        int k = sizes.stream().mapToInt(Integer::intValue).sum();
        float[] m = new float[(k + 1) * w];
        int row = 0;
        for (int r : sizes) {
            long[] lo = new long[w], hi = new long[w];
            float[] l0 = new float[w], l1 = new float[w];
            Bilinear.sourceRows(r, w, 0, w, lo, hi, l0, l1);
            for (int x = 0; x < w; x++) {
                m[(row + (int) lo[x]) * w + x] += l0[x];
                m[(row + (int) hi[x]) * w + x] += l1[x];
            }
            row += r;
        }
        java.util.Arrays.fill(m, k * w, (k + 1) * w, 1f);
        return Tensor.of(m, k + 1, w).to(device);
    }

    /**
     * Rows {@code y0 .. y0 + n - 1} of the bilinear (align_corners=False) upsampling of
     * {@code g} [ch, r, r] to the output size: the two source rows of each output row are
     * blended at low resolution, then libtorch upsamples the band's width only (its height
     * is left as is: a same-size bilinear pass reproduces its input exactly).
     */
    private Tensor upsampleBand(Tensor g, int r, int y0, int n) {
        int h = layout.height(), w = layout.width();
        long[] lo = new long[n], hi = new long[n];
        float[] l0 = new float[n], l1 = new float[n];
        Bilinear.sourceRows(r, h, y0, n, lo, hi, l0, l1);
        Tensor loRows = Ops.indexSelect(g, 1, Tensor.of(lo, n).to(g.device()));
        Tensor hiRows = Ops.indexSelect(g, 1, Tensor.of(hi, n).to(g.device()));
        Device d = g.device();
        Tensor band = Ops.lerp(loRows, hiRows, Compute.as(Tensor.of(l1, n, 1).to(d), g.dtype())); // lo + l1 * (hi - lo)
        if (r == w) return band;
        return NN.upsampleBilinear(Ops.unsqueeze(band, 0), n, w, false);
    }

    @Override
    public void close() {
        chunks.forEach(Chunk::close);
        chunks.clear();
    }
}
