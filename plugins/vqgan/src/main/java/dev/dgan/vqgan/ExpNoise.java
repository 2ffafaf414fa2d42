package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The randomness of one sampling run: per step, Exp(1) noise q [B, vocab] on the CPU. A code
 * is {@code argmax(probs / q)}, which is how {@code torch.multinomial(probs, 1)} draws on the
 * CPU, so the same noise gives the reference's draws exactly.
 */
public interface ExpNoise extends AutoCloseable {

    /** The noise for the next step, [batch, vocab] float32 on the CPU, owned by the open scope. */
    Tensor next(long batch, long vocab);

    @Override
    void close();

    /**
     * One generator per sample, seeded with its seed: sample i depends only on seeds[i]. For a
     * single sample this is the reference run after {@code torch.manual_seed(seed)}.
     */
    static ExpNoise perSample(long[] seeds) {
        List<Generator> gens = new ArrayList<>();
        try {
            for (long s : seeds) gens.add(Generator.seeded(s));
        } catch (RuntimeException e) {
            gens.forEach(Generator::close);
            throw e;
        }
        return new ExpNoise() {
            @Override
            public Tensor next(long batch, long vocab) {
                if (batch != gens.size()) throw new IllegalArgumentException("noise for " + gens.size() + " samples, asked for " + batch);
                List<Tensor> rows = new ArrayList<>();
                for (Generator g : gens) rows.add(Ops.exponential(g, 1.0, DType.F32, 1, vocab));
                return rows.size() == 1 ? rows.get(0) : Ops.cat(rows, 0);
            }

            @Override
            public void close() {
                gens.forEach(Generator::close);
            }
        };
    }

    /**
     * One generator for the whole batch, drawing [B, vocab] per step: the reference's batch run
     * after {@code torch.manual_seed(seed)} (samples then depend on the batch they are in).
     */
    static ExpNoise shared(long seed) {
        Generator g = Generator.seeded(seed);
        return new ExpNoise() {
            @Override
            public Tensor next(long batch, long vocab) {
                return Ops.exponential(g, 1.0, DType.F32, batch, vocab);
            }

            @Override
            public void close() {
                g.close();
            }
        };
    }

    /** Recorded noise [B, steps, vocab] (borrowed; must outlive this): step n reads [:, n]. */
    static ExpNoise recorded(Tensor noise) {
        return new ExpNoise() {
            private int step;

            @Override
            public Tensor next(long batch, long vocab) {
                if (step >= noise.size(1)) throw new IllegalStateException("recorded noise has only " + noise.size(1) + " steps");
                Tensor t = Ops.contiguous(Ops.squeeze(Ops.narrow(noise, 1, step++, 1), 1));
                return t;
            }

            @Override
            public void close() {
            }
        };
    }
}
