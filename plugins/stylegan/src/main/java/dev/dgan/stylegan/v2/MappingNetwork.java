package dev.dgan.stylegan.v2;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * z (and class) to per-layer latents ws: normalize_2nd_moment(z), optional class embedding
 * (normalised and concatenated), {@code num_layers} equalized-lr fully connected layers with
 * activation, broadcast to num_ws, then truncation toward w_avg.
 *
 * <p>Equalized learning rate: a stored weight is used times lr_multiplier / sqrt(in) and a
 * stored bias times lr_multiplier. Those products are formed once here.
 */
public final class MappingNetwork implements AutoCloseable {

    private final StyleGan2Config config;
    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();
    private final Tensor embedWeightT; // [c_dim, embed] scaled, or null
    private final Tensor embedBias;
    private final Tensor wAvg;
    private final List<Tensor> owned = new ArrayList<>();

    MappingNetwork(StyleGan2Weights w) {
        this.config = w.config();
        try (TensorScope s = TensorScope.open()) {
            double lr = config.lrMultiplier();
            for (int i = 0; i < config.mappingLayers(); i++) {
                Tensor weight = w.get("mapping.fc" + i + ".weight");
                weights.add(own(s, Ops.mul(weight, lr / Math.sqrt(weight.size(1)))));
                biases.add(own(s, lr == 1 ? w.get("mapping.fc" + i + ".bias").share() : Ops.mul(w.get("mapping.fc" + i + ".bias"), lr)));
            }
            if (config.cDim() > 0) {
                Tensor ew = w.get("mapping.embed.weight");
                embedWeightT = own(s, Ops.contiguous(Ops.transpose(Ops.mul(ew, 1 / Math.sqrt(ew.size(1))), 0, 1)));
                embedBias = own(s, w.get("mapping.embed.bias").share());
            } else {
                embedWeightT = null;
                embedBias = null;
            }
            wAvg = own(s, w.get("mapping.w_avg").share());
        }
    }

    private Tensor own(TensorScope s, Tensor t) {
        s.keep(t);
        owned.add(t);
        return t;
    }

    /** The tracked average w [w_dim] that truncation pulls toward (borrowed). */
    public Tensor wAvg() {
        return wAvg;
    }

    /**
     * ws [N, num_ws, w_dim] for z [N, z_dim] and, for conditional models, classes: int64 ids [N]
     * or one-hot/soft labels [N, c_dim]. Truncation applies to the first {@code cutoff} ws
     * (all when cutoff <= 0 or >= num_ws).
     */
    public Tensor forward(Tensor z, Tensor classes, double psi, int cutoff) {
        return forward(z, classes, psi, cutoff, Trace.NONE);
    }

    Tensor forward(Tensor z, Tensor classes, double psi, int cutoff, Trace trace) {
        try (TensorScope s = TensorScope.open()) {
            Tensor x = normalize2ndMoment(z);
            if (config.cDim() > 0) {
                Tensor y;
                if (classes.dim() == 1) {
                    y = Ops.add(Ops.indexSelect(embedWeightT, 0, classes.to(DType.I64)), embedBias);
                } else {
                    y = NN.linear(classes, Ops.transpose(embedWeightT, 0, 1), embedBias);
                }
                x = Ops.cat(List.of(x, normalize2ndMoment(y)), 1);
            }
            for (int i = 0; i < weights.size(); i++) {
                x = Activation.apply(NN.linear(x, weights.get(i), biases.get(i)), config.mappingActivation(), 1.0, null);
                trace.accept("mapping.fc" + i, x);
            }
            return s.keep(broadcastAndTruncate(x, psi, cutoff));
        }
    }

    /** One w [N, w_dim] per sample to ws [N, num_ws, w_dim], truncated as in {@link #forward}. */
    public Tensor broadcastAndTruncate(Tensor w, double psi, int cutoff) {
        long n = w.size(0);
        int numWs = config.numWs();
        try (TensorScope s = TensorScope.open()) {
            Tensor ws = Ops.contiguous(Ops.expand(Ops.unsqueeze(w, 1), n, numWs, config.wDim()));
            return s.keep(truncate(ws, psi, cutoff));
        }
    }

    /**
     * w_avg.lerp(ws, psi) on the first {@code cutoff} layers (all when cutoff <= 0 or >= num_ws),
     * written as torch.lerp evaluates it; ws unchanged (a new reference) when psi is 1.
     */
    public Tensor truncate(Tensor ws, double psi, int cutoff) {
        if (psi == 1) return ws.share();
        int numWs = (int) ws.size(1);
        try (TensorScope s = TensorScope.open()) {
            Tensor diff = Ops.sub(ws, wAvg);
            Tensor t = psi < 0.5 ? Ops.add(Ops.expand(wAvg, ws.shape()), diff, psi) : Ops.add(ws, diff, -(1 - psi));
            if (cutoff > 0 && cutoff < numWs) {
                t = Ops.cat(List.of(Ops.narrow(t, 1, 0, cutoff), Ops.narrow(ws, 1, cutoff, numWs - cutoff)), 1);
            }
            return s.keep(Ops.contiguous(t));
        }
    }

    /** x / sqrt(mean(x^2 over dim 1) + 1e-8). */
    static Tensor normalize2ndMoment(Tensor x) {
        try (TensorScope s = TensorScope.open()) {
            Tensor ms = Ops.mean(Ops.square(x), new long[] {1}, true);
            return s.keep(Ops.mul(x, Ops.rsqrt(Ops.add(ms, 1e-8))));
        }
    }

    @Override
    public void close() {
        owned.forEach(Tensor::close);
        owned.clear();
    }

    @Override
    public String toString() {
        return "MappingNetwork(" + weights.size() + " layers, w_dim " + config.wDim() + ", num_ws " + config.numWs()
                + ", fc0 " + Arrays.toString(weights.getFirst().shape()) + ")";
    }
}
