package dev.dgan.tasks.mlp;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.tasks.segmentation.EnsembleVote;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bfloat16 labeling on a fixed random ensemble: votes agree with float32 on nearly every
 * pixel, logits are float32 yet not float32's (so bf16 really ran), and a rerun repeats itself.
 */
@ExtendWith(NoTensorLeaks.class)
class PrecisionTest {

    /** Fraction of pixels whose bf16 vote must equal the fp32 vote (measured: about 0.99 here). */
    static final double MIN_AGREEMENT = 0.97;

    static final int CLASSES = 6, MODELS = 4, BATCH = 3;
    static final TapLayout LAYOUT = RandomEnsembles.pyramid32();
    static final MlpShape SHAPE = new MlpShape(LAYOUT.channels(), 16, 8, CLASSES);
    static Map<String, Tensor> taps;

    @BeforeAll
    static void features() {
        taps = RandomEnsembles.features(LAYOUT, BATCH, 21);
    }

    @AfterAll
    static void free() {
        taps.values().forEach(Tensor::close);
    }

    private static byte[] vote(EnsembleForward forward, int b) {
        try (EnsembleVote vote = new EnsembleVote(CLASSES, LAYOUT.width(), LAYOUT.height(), Device.CPU)) {
            forward.run(taps, b, vote);
            return vote.finish(forward.models()).labels();
        }
    }

    private static double agreement(byte[] a, byte[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == b[i]) same++;
        return same / (double) a.length;
    }

    /** Model 0's logits of sample 0, as delivered to the sink (checked to be float32). */
    private static float[] logits(EnsembleForward forward) {
        float[] out = new float[CLASSES * LAYOUT.width() * LAYOUT.height()];
        forward.run(taps, 0, (first, t, y0, rows) -> {
            assertEquals(DType.F32, t.dtype(), "logits reach softmax and vote as float32");
            if (first != 0) return;
            float[] v = t.toFloatArray();
            int n = rows * LAYOUT.width(), pixels = LAYOUT.width() * LAYOUT.height();
            for (int c = 0; c < CLASSES; c++) System.arraycopy(v, c * n, out, c * pixels + y0 * LAYOUT.width(), n);
        });
        return out;
    }

    @Test
    void fusedBf16VotesAgreeWithFp32() {
        try (MlpEnsemble e = RandomEnsembles.ensemble(SHAPE, MODELS, 31);
             FusedEnsemble fp32 = new FusedEnsemble(e, LAYOUT, Device.CPU);
             FusedEnsemble bf16 = new FusedEnsemble(e, LAYOUT, Device.CPU, DType.BF16)) {
            for (int b = 0; b < BATCH; b++) {
                double a = agreement(vote(fp32, b), vote(bf16, b));
                assertTrue(a >= MIN_AGREEMENT, "sample " + b + ": bf16 agrees with fp32 on " + a + " of the pixels");
            }
            float[] x = logits(fp32), y = logits(bf16);
            double maxDiff = 0;
            for (int i = 0; i < x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
            assertTrue(maxDiff > 1e-4, "bf16 logits equal fp32 ones to " + maxDiff + ": bf16 did not run");
            assertTrue(maxDiff < 0.5, "bf16 logits are off by " + maxDiff);
        }
    }

    @Test
    void naiveBf16VotesAgreeWithFp32AndWithFusedBf16() {
        try (MlpEnsemble e = RandomEnsembles.ensemble(SHAPE, MODELS, 32);
             NaiveEnsemble fp32 = new NaiveEnsemble(e, LAYOUT, Device.CPU, 256);
             NaiveEnsemble bf16 = new NaiveEnsemble(e, LAYOUT, Device.CPU, 256, DType.BF16);
             FusedEnsemble fusedBf16 = new FusedEnsemble(e, LAYOUT, Device.CPU, DType.BF16)) {
            byte[] reference = vote(fp32, 1);
            double naive = agreement(reference, vote(bf16, 1)), fused = agreement(reference, vote(fusedBf16, 1));
            assertTrue(naive >= MIN_AGREEMENT, "naive bf16 agrees with fp32 on " + naive);
            assertTrue(fused >= MIN_AGREEMENT, "fused bf16 agrees with fp32 on " + fused);
        }
    }

    @Test
    void bf16IsDeterministic() {
        try (MlpEnsemble e = RandomEnsembles.ensemble(SHAPE, MODELS, 33);
             FusedEnsemble a = new FusedEnsemble(e, LAYOUT, Device.CPU, DType.BF16);
             FusedEnsemble b = new FusedEnsemble(e, LAYOUT, Device.CPU, 1 << 12, 1, DType.BF16)) { // other tiles, one model per chunk
            assertArrayEquals(logits(a), logits(a));
            assertArrayEquals(vote(a, 2), vote(a, 2));
            assertTrue(agreement(vote(a, 2), vote(b, 2)) >= MIN_AGREEMENT);
        }
    }

    @Test
    void aNonFloatComputeTypeIsRefused() {
        try (MlpEnsemble e = RandomEnsembles.ensemble(SHAPE, 1, 34)) {
            var ex = assertThrows(IllegalArgumentException.class, () -> new FusedEnsemble(e, LAYOUT, Device.CPU, DType.I32));
            assertTrue(ex.getMessage().contains("I32"), ex.getMessage());
        }
    }
}
