package dev.dgan.vqgan;

/**
 * How {@code sample_with_past} turns step logits into a code.
 *
 * @param temperature logits are divided by it before filtering
 * @param topK        keep the k largest logits (ties with the k-th are kept); 0 keeps all
 * @param topP        then keep the smallest prefix of the sorted distribution whose mass exceeds
 *                    it (at least one token); 1.0 keeps all
 * @param sample      draw from the filtered softmax; false takes its argmax
 */
public record SamplingOptions(double temperature, int topK, double topP, boolean sample) {

    public SamplingOptions {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }

    /** {@code sample_fast.py}'s defaults for the ImageNet model: temperature 1, top-k 600, top-p 0.92. */
    public static SamplingOptions imagenetDefaults() {
        return new SamplingOptions(1.0, 600, 0.92, true);
    }
}
