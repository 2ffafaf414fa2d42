package dev.dgan.tasks.mlp;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.InPlaceOps;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast inference path. The first layer of every model is linear and bilinear upsampling
 * is linear per channel, so {@code W1 . up(concat F_k) = sum_k up(W1[:, k] . F_k)}: each tap
 * is multiplied by its slice of the first layer at its own resolution (all models at once,
 * taps of one resolution summed before anything is interpolated), and only those
 * N x hidden1 channels are interpolated, row band by row band. The dim-channel
 * full-resolution feature tensor is never built.
 *
 * <p>Each band's first-layer output is built in one buffer with as few full-resolution passes
 * as the algebra allows: block of output columns by block ({@link ColumnBlocks}), the
 * low-resolution taps' column windows are row-blended into one small stack with the bias, and
 * one product writes the block; the full-resolution taps are added by one GEMM in place, and
 * ReLU runs in place.
 * BatchNorm is folded into the following linear layer, and layers two and three of all models
 * run as one batched matmul.
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
    /** Tap indices of each resolution below full, its resolution, and the taps at full resolution. */
    private final List<int[]> lowGroups = new ArrayList<>();
    private final List<Integer> lowSizes = new ArrayList<>();
    private final List<Integer> fullRes = new ArrayList<>();
    private ColumnBlocks columnBlocks;

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
        for (int[] g : layout.byResolution()) {
            if (layout.isFullResolution(layout.taps().get(g[0]))) {
                for (int k : g) fullRes.add(k);
            } else {
                lowGroups.add(g);
                lowSizes.add(layout.taps().get(g[0]).resolution());
            }
        }
        try {
            columnBlocks = new ColumnBlocks(lowSizes, layout.width(), blockWidth(layout.width()), compute, device);
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

    /**
     * Output columns per block of the width interpolation: narrow enough to keep each tap's
     * window, and so the stack, short; wide enough for an efficient product (measured at 256 and
     * 512 px: 32 beats 16 and 64). Up to 64 px one block covers the width, since there the
     * calls, not the arithmetic, are the cost.
     */
    static int blockWidth(int w) {
        return w <= 64 ? w : 32;
    }

    @Override
    public void run(Map<String, Tensor> taps, int b, TileSink sink) {
        long batch = layout.checkBatch(taps);
        if (b < 0 || b >= batch) throw new IllegalArgumentException("sample " + b + " is outside the batch of " + batch);
        int h = layout.height(), w = layout.width();
        for (Chunk c : chunks) {
            long ch = (long) c.count() * shape.hidden1();
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> features = new ArrayList<>(); // [C, r, r] per tap
                for (FeatureTap t : layout.taps()) features.add(Compute.as(Ops.squeeze(Ops.narrow(taps.get(t.name()), 0, b, 1), 0), compute));
                // first layer at native resolution for every tap below full resolution, summed per resolution,
                // channels last: [rows, columns * ch], so the source rows a band reads are one contiguous slab
                List<Tensor> low = new ArrayList<>();
                for (int[] g : lowGroups) {
                    int r = layout.taps().get(g[0]).resolution();
                    // the taps of one resolution side by side: one product sums them, no pass per tap
                    List<Tensor> f = new ArrayList<>(), w1 = new ArrayList<>();
                    for (int k : g) {
                        f.add(Ops.reshape(features.get(k), layout.taps().get(k).channels(), (long) r * r));
                        w1.add(c.w1PerTap().get(k));
                    }
                    Tensor fg = f.size() == 1 ? f.get(0) : Ops.cat(f, 0), wg = w1.size() == 1 ? w1.get(0) : Ops.cat(w1, 1);
                    low.add(Ops.reshape(Ops.mm(Ops.transpose(fg, 0, 1), Ops.transpose(wg, 0, 1)), r, r * ch));
                }
                Tensor fullW1 = fullRes.isEmpty() ? null : Ops.cat(fullRes.stream().map(k -> c.w1PerTap().get(k)).toList(), 1);
                int rows = (int) Math.max(1, Math.min(h, tileBytes / Math.max(1, (long) compute.byteSize() * 3 * ch * w)));
                for (int y0 = 0; y0 < h; y0 += rows) {
                    int n = Math.min(rows, h - y0);
                    try (TensorScope tile = TensorScope.open()) {
                        Tensor acc = Tensor.empty(compute, features.get(0).device(), ch, (long) n * w); // the band's first-layer output
                        firstLayerLowRes(low, c.b1(), ch, y0, n, acc);
                        if (fullW1 != null) {
                            List<Tensor> bands = new ArrayList<>();
                            for (int k : fullRes) bands.add(Ops.reshape(Ops.narrow(features.get(k), 1, y0, n), layout.taps().get(k).channels(), (long) n * w));
                            InPlaceOps.addmm(acc, fullW1, bands.size() == 1 ? bands.get(0) : Ops.cat(bands, 0));
                        }
                        InPlaceOps.relu(acc);
                        Tensor hidden = Ops.reshape(acc, c.count(), shape.hidden1(), (long) n * w);
                        Tensor h2 = Ops.add(Ops.bmm(c.w2(), hidden), c.b2());
                        InPlaceOps.relu(h2);
                        Tensor out = Compute.logits(Ops.add(Ops.bmm(c.w3(), h2), c.b3()));
                        sink.accept(c.first(), out, y0, n);
                    }
                }
            }
        }
    }

    /**
     * Writes into {@code acc} [ch, n * W] the bias plus every low-resolution tap's first-layer
     * output interpolated to rows {@code y0 .. y0 + n - 1}. {@code low} holds each resolution's
     * first-layer output channels last, [r rows, r columns * ch], so the m source rows a band
     * reads are one slab. Per block of output columns, each tap's column window of that slab is
     * blended over its rows by one product with the band's [m, n] row weights, written straight
     * into its rows of a [K, ch * n] stack that ends with the bias row; one product of the stack
     * with the block's [K, width] matrix then writes the block's columns of {@code acc}.
     */
    private void firstLayerLowRes(List<Tensor> low, Tensor b1, long ch, int y0, int n, Tensor acc) {
        int h = layout.height();
        Device device = acc.device();
        List<Tensor> sourceRows = new ArrayList<>(), rowWeights = new ArrayList<>(); // per resolution: [r * ch, m] and [m, n]
        for (int i = 0; i < low.size(); i++) {
            int r = lowSizes.get(i);
            long[] lo = new long[n], hi = new long[n];
            float[] l0 = new float[n], l1 = new float[n];
            Bilinear.sourceRows(r, h, y0, n, lo, hi, l0, l1);
            int first = (int) lo[0], m = (int) hi[n - 1] - first + 1;
            float[] blend = new float[m * n]; // [m source rows, n output rows]
            for (int y = 0; y < n; y++) {
                blend[((int) lo[y] - first) * n + y] += l0[y];
                blend[((int) hi[y] - first) * n + y] += l1[y];
            }
            rowWeights.add(Compute.as(Tensor.of(blend, m, n).to(device), compute));
            sourceRows.add(Ops.transpose(Ops.narrow(low.get(i), 0, first, m), 0, 1)); // rows (column, channel): a view
        }
        Tensor bias = Ops.reshape(Ops.contiguous(Ops.expand(b1, ch, n)), 1, ch * n); // b1 per (channel, row)
        Tensor stack = Tensor.empty(compute, device, columnBlocks.maxRows(), ch * n);
        Tensor accRows = Ops.reshape(acc, ch * n, layout.width());
        for (ColumnBlocks.Block block : columnBlocks.blocks()) {
            // every tap's column window, row-blended straight into its rows of the stack, then the bias row
            int row = 0;
            for (int i = 0; i < low.size(); i++) {
                long k = block.length()[i];
                Tensor window = Ops.narrow(sourceRows.get(i), 0, block.start()[i] * ch, k * ch);
                InPlaceOps.mmInto(window, rowWeights.get(i), Ops.reshape(Ops.narrow(stack, 0, row, k), k * ch, n));
                row += (int) k;
            }
            Ops.narrow(stack, 0, row, 1).copyFrom(bias);
            // one product writes the block's columns of acc
            InPlaceOps.mmInto(Ops.transpose(Ops.narrow(stack, 0, 0, block.rows()), 0, 1), block.matrix(),
                    Ops.narrow(accRows, 1, block.x0(), block.width()));
        }
    }

    @Override
    public void close() {
        chunks.forEach(Chunk::close);
        chunks.clear();
        if (columnBlocks != null) columnBlocks.close();
    }
}
