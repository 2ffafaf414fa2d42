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
 * The reference path, as DatasetGAN computes it: every tap upsampled (bilinear,
 * align_corners=False) to the output size and concatenated into one [dim, H, W] feature
 * tensor, then each model's MLP, BatchNorm unfolded, run over the pixels. The fused path is
 * tested and benchmarked against this. In bfloat16 the upsampled features are cast, as the
 * fused path casts its inputs, and the logits return to float32.
 */
public final class NaiveEnsemble implements EnsembleForward {

    private final MlpEnsemble ensemble;
    private final TapLayout layout;
    private final int pixelsPerPass;
    private final DType compute;
    private final List<PixelMlp> members = new ArrayList<>();
    private final List<Tensor> weights = new ArrayList<>();

    /** {@code pixelsPerPass}: how many pixels go through the MLPs at once. */
    public NaiveEnsemble(MlpEnsemble ensemble, TapLayout layout, Device device, int pixelsPerPass) {
        this(ensemble, layout, device, pixelsPerPass, DType.F32);
    }

    /** {@code compute}: the element type of features and weights (F32 or BF16); logits are delivered as F32 either way. */
    public NaiveEnsemble(MlpEnsemble ensemble, TapLayout layout, Device device, int pixelsPerPass, DType compute) {
        if (!compute.isFloatingPoint()) throw new IllegalArgumentException("compute type must be floating point, got " + compute);
        if (ensemble.shape().inputs() != layout.channels())
            throw new IllegalArgumentException("ensemble reads " + ensemble.shape().inputs() + " channels, taps give " + layout.channels());
        this.ensemble = ensemble;
        this.layout = layout;
        this.pixelsPerPass = Math.max(layout.width(), pixelsPerPass);
        this.compute = compute;
        try {
            for (int i = 0; i < ensemble.models(); i++) {
                PixelMlp view = ensemble.member(i);
                try {
                    List<Tensor> copies = new ArrayList<>();
                    for (Tensor t : view.tensors()) {
                        Tensor copy = TensorScope.release(Ops.toCopy(t, compute, device));
                        weights.add(copy);
                        copies.add(copy);
                    }
                    members.add(PixelMlp.view(copies));
                } finally {
                    view.tensors().forEach(Tensor::close); // the member's views into the stacked tensors
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public int models() {
        return ensemble.models();
    }

    @Override
    public void run(Map<String, Tensor> taps, int b, TileSink sink) {
        long batch = layout.checkBatch(taps);
        if (b < 0 || b >= batch) throw new IllegalArgumentException("sample " + b + " is outside the batch of " + batch);
        int h = layout.height(), w = layout.width();
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> upsampled = new ArrayList<>();
            for (FeatureTap t : layout.taps()) {
                Tensor f = Ops.narrow(taps.get(t.name()), 0, b, 1);
                upsampled.add(layout.isFullResolution(t) ? f : NN.upsampleBilinear(f, h, w, false));
            }
            Tensor features = Compute.as(Ops.contiguous(Ops.transpose(Ops.reshape(Ops.cat(upsampled, 1), layout.channels(), (long) h * w), 0, 1)), compute);
            int rows = Math.max(1, pixelsPerPass / w);
            for (int y0 = 0; y0 < h; y0 += rows) {
                int n = Math.min(rows, h - y0);
                try (TensorScope pass = TensorScope.open()) {
                    Tensor x = Ops.narrow(features, 0, (long) y0 * w, (long) n * w);
                    List<Tensor> outs = new ArrayList<>();
                    for (PixelMlp m : members) outs.add(Ops.transpose(m.forward(x, false), 0, 1)); // [out, pixels]
                    sink.accept(0, Compute.logits(Ops.contiguous(Ops.stack(outs, 0))), y0, n);
                }
            }
        }
    }

    @Override
    public void close() {
        weights.forEach(Tensor::close);
    }
}
