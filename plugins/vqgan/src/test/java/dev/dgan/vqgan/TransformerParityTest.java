package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class-conditional minGPT against the vqgan-transformer fixture: teacher-forced logits and KV-cached sampling. */
@ExtendWith(NoTensorLeaks.class)
class TransformerParityTest {

    static final String FIXTURE = "vqgan-transformer";
    static final double PROBS_ATOL = 1e-5;

    static MinGpt gpt(VqganModel m) {
        return m.transformer().orElseThrow();
    }

    @ParameterizedTest(name = "weights from {0}")
    @ValueSource(strings = {"last.ckpt", "gpt.safetensors"})
    void teacherForcedForwardMatches(String weights) throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_logits.safetensors");
        Map<String, float[]> seen = new LinkedHashMap<>();
        try (VqganModel m = Fixture.load(FIXTURE, weights);
             Tensor idx = Tensor.of(c.longs("idx"), c.shape("idx"));
             Tensor logits = gpt(m).forward(idx, (name, t) -> {
                 assertArrayEquals(c.shape(name), t.shape(), name);
                 seen.put(name, t.toFloatArray());
             })) {
            assertTrue(m.firstStage().isEmpty());
            assertEquals(new GptConfig(64, 17, 4, 2, 32), gpt(m).config(), "block size from pos_emb, depth from the names");
            seen.put("logits", logits.toFloatArray());
        }
        double worst = 0;
        List<String> report = new ArrayList<>();
        for (String name : c.values().keySet()) {
            if (name.equals("idx_f32")) continue;
            assertTrue(seen.containsKey(name), "never produced " + name);
            double d = Fixture.maxAbsDiff(c.get(name), seen.get(name));
            worst = Math.max(worst, d);
            report.add(name + " " + String.format("%.2e", d));
            assertTrue(d <= Fixture.ATOL, name + ": " + d);
        }
        System.out.println("vqgan transformer logits (" + weights + "): worst " + String.format("%.2e", worst) + "; "
                + String.join(", ", report));
    }

    /** The cached loop with the reference's recorded Exp(1) noise: same logits, probabilities and codes. */
    @Test
    void cachedSamplingReplaysTheReferenceDraws() throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_sample.safetensors");
        double[] worst = new double[2];
        long[] codes;
        try (VqganModel m = Fixture.load(FIXTURE, "last.ckpt");
             Tensor noise = Tensor.of(c.get("sample.exp_noise"), c.shape("sample.exp_noise"));
             ExpNoise recorded = ExpNoise.recorded(noise);
             Tensor out = new CodeSampler(gpt(m)).sample(c.longs("sample.class_ids"), 16,
                     new SamplingOptions(1.0, 8, 1.0, true), recorded, stepChecker(c, worst))) {
            codes = out.toLongArray();
        }
        assertArrayEquals(c.longs("sample.codes"), codes);
        System.out.println("vqgan cached sampling: logits " + String.format("%.2e", worst[0]) + ", probs "
                + String.format("%.2e", worst[1]) + ", codes " + Arrays.toString(codes));
    }

    /** Seeded as the reference (torch.manual_seed(123), one generator for the batch): the codes come out the same. */
    @Test
    void seededSamplingDrawsTheReferenceCodes() throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_sample.safetensors");
        long[] codes;
        float[] noise = new float[2 * 16 * 64];
        try (ExpNoise shared = ExpNoise.shared(123)) {
            for (int n = 0; n < 16; n++) {
                try (TensorScope s = TensorScope.open()) {
                    float[] step = shared.next(2, 64).toFloatArray();
                    for (int b = 0; b < 2; b++) System.arraycopy(step, b * 64, noise, (b * 16 + n) * 64, 64);
                }
            }
        }
        double noiseDiff = Fixture.maxAbsDiff(c.get("sample.exp_noise"), noise);
        try (VqganModel m = Fixture.load(FIXTURE, "gpt.safetensors");
             ExpNoise shared = ExpNoise.shared(123);
             Tensor out = new CodeSampler(gpt(m)).sample(c.longs("sample.class_ids"), 16,
                     new SamplingOptions(1.0, 8, 1.0, true), shared, CodeSampler.StepListener.NONE)) {
            codes = out.toLongArray();
        }
        System.out.println("vqgan seeded sampling: exp noise vs reference " + String.format("%.2e", noiseDiff));
        assertArrayEquals(c.longs("sample.codes"), codes);
    }

    @Test
    void cachedStepsEqualTheFullForward() throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_logits.safetensors");
        long[] idx = c.longs("idx");
        try (VqganModel m = Fixture.load(FIXTURE, "gpt.safetensors"); TensorScope s = TensorScope.open()) {
            MinGpt g = gpt(m);
            float[] full = g.forward(Tensor.of(idx, 2, 17), Trace.NONE).toFloatArray();
            try (KvCache cache = g.newCache(2)) {
                for (int t = 0; t < 17; t++) {
                    float[] step = g.step(Tensor.of(new long[] {idx[t], idx[17 + t]}, 2), cache, Trace.NONE).toFloatArray();
                    for (int b = 0; b < 2; b++) {
                        float[] ref = Arrays.copyOfRange(full, (b * 17 + t) * 64, (b * 17 + t + 1) * 64);
                        float[] got = Arrays.copyOfRange(step, b * 64, (b + 1) * 64);
                        assertTrue(Fixture.maxAbsDiff(ref, got) <= Fixture.ATOL, "position " + t);
                    }
                }
                assertEquals(17, cache.length());
            }
        }
    }

    private static CodeSampler.StepListener stepChecker(Fixture.Case c, double[] worst) {
        float[] logits = c.get("sample.logits"), probs = c.get("sample.probs");
        return (step, l, p) -> {
            float[] gl = l.toFloatArray(), gp = p.toFloatArray();
            for (int b = 0; b < 2; b++) {
                int off = (b * 16 + step) * 64;
                double dl = Fixture.maxAbsDiff(Arrays.copyOfRange(logits, off, off + 64), Arrays.copyOfRange(gl, b * 64, b * 64 + 64));
                double dp = Fixture.maxAbsDiff(Arrays.copyOfRange(probs, off, off + 64), Arrays.copyOfRange(gp, b * 64, b * 64 + 64));
                worst[0] = Math.max(worst[0], dl);
                worst[1] = Math.max(worst[1], dp);
                assertTrue(dl <= Fixture.ATOL, "step " + step + " logits " + dl);
                assertTrue(dp <= PROBS_ATOL, "step " + step + " probs " + dp);
            }
        };
    }
}
