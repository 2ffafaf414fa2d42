package dev.dgan.tasks.uncertainty;

import dev.dgan.api.task.UncertaintyFilter;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(NoTensorLeaks.class)
class UncertaintyTest {

    private static double entropy(double... p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }

    @Test
    void divergenceMatchesTheFormulaPerPixel() {
        // 2 models, 2 classes, 3 pixels: agreeing, disagreeing, and unsure-but-agreeing
        float[] logits = {
                5, -1, 0,   // model 0, class 0
                -5, 1, 0,   // model 0, class 1
                5, 1, 0,    // model 1, class 0
                -5, -1, 0}; // model 1, class 1
        try (TensorScope scope = TensorScope.open()) {
            Tensor l = Tensor.of(logits, 2, 2, 3);
            Tensor[] sums = JensenShannon.partialSums(l);
            float[] js = JensenShannon.divergence(sums[0], sums[1], 2).toFloatArray();
            double[][] p = new double[2][3];
            for (int m = 0; m < 2; m++) for (int i = 0; i < 3; i++) {
                double a = logits[m * 6 + i], b = logits[m * 6 + 3 + i];
                p[m][i] = Math.exp(a) / (Math.exp(a) + Math.exp(b));
            }
            for (int i = 0; i < 3; i++) {
                double mean = (p[0][i] + p[1][i]) / 2;
                double want = entropy(mean, 1 - mean) - (entropy(p[0][i], 1 - p[0][i]) + entropy(p[1][i], 1 - p[1][i])) / 2;
                assertEquals(want, js[i], 1e-6, "pixel " + i);
            }
            assertEquals(0, js[2], 1e-7, "two equally unsure models agree: no divergence");
        }
    }

    @Test
    void imageScoreIsTheMeanOfTheTopFractionOrTheSum() {
        float[] map = new float[20];
        for (int i = 0; i < 20; i++) map[i] = i;
        assertEquals((19 + 18) / 2.0, ImageScore.DEFAULT.score(map), 1e-9);
        assertEquals(190, ImageScore.parse("sum").score(map), 1e-9);
        assertEquals((19 + 18 + 17 + 16 + 15) / 5.0, ImageScore.parse("top:0.25").score(map), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ImageScore.parse("median"));
        assertThrows(IllegalArgumentException.class, () -> ImageScore.parse("top:2"));
    }

    @Test
    void theFilterDropsTheMostUncertainFraction() {
        double[] scores = {0.5, 0.9, 0.1, 0.9, 0.3, 0.2, 0.8, 0.4, 0.6, 0.7};
        boolean[] keep = UncertaintyFilter.keep(scores, 0.2);
        assertArrayEquals(new boolean[] {true, false, true, false, true, true, true, true, true, true}, keep);
        boolean[] tie = UncertaintyFilter.keep(new double[] {1, 1, 1, 1}, 0.25);
        assertArrayEquals(new boolean[] {true, true, true, false}, tie, "ties: the later sample goes");
        assertEquals(0, count(UncertaintyFilter.keep(scores, 0.0), false));
        assertThrows(IllegalArgumentException.class, () -> UncertaintyFilter.keep(scores, 1.0));
    }

    private static int count(boolean[] b, boolean value) {
        int n = 0;
        for (boolean v : b) if (v == value) n++;
        return n;
    }
}
