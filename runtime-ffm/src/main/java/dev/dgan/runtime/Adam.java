package dev.dgan.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba), as torch.optim.Adam computes it, over libtorch's fused kernel
 * {@code _fused_adam_}: one call updates every parameter, moments and all.
 */
public final class Adam implements AutoCloseable {

    private final List<Tensor> params;
    private final List<Tensor> expAvg = new ArrayList<>();
    private final List<Tensor> expAvgSq = new ArrayList<>();
    private final List<Tensor> steps = new ArrayList<>();
    private final double lr, beta1, beta2, eps, weightDecay;

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        if (!(lr > 0)) throw new IllegalArgumentException("Adam: lr must be > 0, got " + lr);
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        try (var noGrad = Autograd.noGrad()) {
            for (Tensor p : this.params) {
                expAvg.add(owned(Ops.zeros(p.dtype(), p.device(), p.shape())));
                expAvgSq.add(owned(Ops.zeros(p.dtype(), p.device(), p.shape())));
                steps.add(owned(Ops.zeros(DType.F32, p.device())));
            }
        }
    }

    /** torch.optim.Adam's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    /** Optimizer state lives as long as the optimizer, whatever scope it was built in. */
    private static Tensor owned(Tensor t) {
        t.owner = null; // an enclosing scope skips tensors it no longer owns
        return t;
    }

    /** One update from the gradients accumulated in the parameters; those without a gradient are skipped. */
    public void step() {
        try (TensorScope scope = TensorScope.open(); var noGrad = Autograd.noGrad()) {
            List<Tensor> p = new ArrayList<>(), g = new ArrayList<>(), m = new ArrayList<>(), v = new ArrayList<>(),
                    s = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                Tensor grad = Autograd.grad(params.get(i));
                if (grad == null) continue;
                Tensor step = steps.get(i);
                Ops.fill_(step, step.item() + 1); // the fused kernel reads the step count; the caller advances it
                p.add(params.get(i));
                g.add(grad);
                m.add(expAvg.get(i));
                v.add(expAvgSq.get(i));
                s.add(step);
            }
            if (p.isEmpty()) return;
            OpCall.of("aten::_fused_adam_").tensors(p).tensors(g).tensors(m).tensors(v).tensors(List.of()).tensors(s)
                    .f64(lr).f64(beta1).f64(beta2).f64(weightDecay).f64(eps).bool(false).bool(false)
                    .none().none().call();
        }
    }

    /** Sets every parameter's gradient to zero. */
    public void zeroGrad() {
        for (Tensor p : params) {
            try (Tensor g = Autograd.grad(p)) {
                if (g != null) Ops.zero_(g);
            }
        }
    }

    @Override
    public void close() {
        for (List<Tensor> l : List.of(expAvg, expAvgSq, steps)) l.forEach(Tensor::close);
    }
}
