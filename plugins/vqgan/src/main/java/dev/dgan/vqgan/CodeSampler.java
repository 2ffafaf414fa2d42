package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * taming's {@code sample_with_past} for the class-conditional layout: the class id is token 0,
 * then one code per step, each step a single cached transformer pass (logits of the last token,
 * divided by the temperature, filtered, softmax, drawn with {@link ExpNoise}).
 */
public final class CodeSampler {

    /** Sees each step's logits (after the temperature) and the probabilities drawn from, [B, vocab]; borrowed. */
    @FunctionalInterface
    public interface StepListener {
        StepListener NONE = (step, logits, probs) -> { };

        void accept(int step, Tensor logits, Tensor probs);
    }

    private final MinGpt gpt;

    public CodeSampler(MinGpt gpt) {
        this.gpt = gpt;
    }

    /**
     * {@code steps} codes after each class token, int64 [B, steps] on the CPU, owned by the caller.
     * Needs {@code steps <= block_size} (the last code is drawn from position steps - 1).
     */
    public Tensor sample(long[] classTokens, int steps, SamplingOptions options, ExpNoise noise, StepListener listener) {
        GptConfig c = gpt.config();
        if (steps < 1 || steps > c.blockSize()) {
            throw new IllegalArgumentException("steps: expected 1.." + c.blockSize() + " (block size), got " + steps);
        }
        int b = classTokens.length;
        long[] codes = new long[b * steps];
        long[] current = classTokens.clone();
        try (KvCache cache = gpt.newCache(b)) {
            for (int n = 0; n < steps; n++) {
                try (TensorScope s = TensorScope.open()) {
                    Tensor logits = Ops.div(gpt.step(Tensor.of(current, b), cache, Trace.NONE), options.temperature());
                    Tensor cpu = Ops.toCopy(logits, DType.F32, Device.CPU);
                    float[] rows = cpu.toFloatArray();
                    int v = c.vocabSize();
                    float[] row = new float[v];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(rows, i * v, row, 0, v);
                        LogitFilter.apply(row, options.topK(), options.topP());
                        System.arraycopy(row, 0, rows, i * v, v);
                    }
                    Tensor probs = NN.softmax(Tensor.of(rows, b, v), -1);
                    listener.accept(n, cpu, probs);
                    Tensor pick = options.sample() ? Ops.div(probs, noise.next(b, v)) : probs;
                    long[] drawn = Ops.argmax(pick, 1, false).toLongArray();
                    for (int i = 0; i < b; i++) codes[i * steps + n] = drawn[i];
                    current = drawn;
                }
            }
        }
        return Tensor.of(codes, b, steps);
    }
}
