package dev.dgan.tasks.mlp;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class FusedEnsembleTest {

    /** Every model's outputs [models][outputs * pixels], whichever order the path delivers them in. */
    private static float[][] outputs(EnsembleForward forward, Map<String, Tensor> taps, int b, int outs, int pixels, int width) {
        float[][] all = new float[forward.models()][outs * pixels];
        int[] delivered = new int[forward.models()];
        forward.run(taps, b, (first, out, y0, rows) -> {
            float[] v = out.toFloatArray();
            int n = rows * width;
            for (int m = 0; m < out.size(0); m++) {
                for (int o = 0; o < outs; o++)
                    System.arraycopy(v, (m * outs + o) * n, all[first + m], o * pixels + y0 * width, n);
                delivered[first + m] += rows;
            }
        });
        for (int d : delivered) assertEquals(pixels / width, d, "every row of every model is delivered once");
        return all;
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double d = 0;
        for (int m = 0; m < a.length; m++)
            for (int i = 0; i < a[m].length; i++) d = Math.max(d, Math.abs(a[m][i] - b[m][i]));
        return d;
    }

    @Test
    void fusedEqualsNaiveOnRandomWeights() {
        TapLayout layout = RandomEnsembles.pyramid32();
        MlpShape shape = new MlpShape(layout.channels(), 16, 8, 5);
        Map<String, Tensor> taps = RandomEnsembles.features(layout, 2, 7);
        try (MlpEnsemble e = RandomEnsembles.ensemble(shape, 3, 11);
             FusedEnsemble fused = new FusedEnsemble(e, layout, Device.CPU);
             NaiveEnsemble naive = new NaiveEnsemble(e, layout, Device.CPU, 100)) {
            for (int b = 0; b < 2; b++) {
                float[][] f = outputs(fused, taps, b, 5, 1024, 32);
                float[][] n = outputs(naive, taps, b, 5, 1024, 32);
                assertTrue(maxDiff(f, n) < 1e-4, "max |fused - naive| = " + maxDiff(f, n));
            }
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void tilesAndModelChunksDoNotChangeTheResult() {
        TapLayout layout = RandomEnsembles.pyramid32();
        MlpShape shape = new MlpShape(layout.channels(), 16, 8, 5);
        Map<String, Tensor> taps = RandomEnsembles.features(layout, 1, 8);
        try (MlpEnsemble e = RandomEnsembles.ensemble(shape, 3, 12);
             FusedEnsemble whole = new FusedEnsemble(e, layout, Device.CPU);
             FusedEnsemble tiny = new FusedEnsemble(e, layout, Device.CPU, 1, 1)) { // one row, one model at a time
            float[][] a = outputs(whole, taps, 0, 5, 1024, 32);
            float[][] b = outputs(tiny, taps, 0, 5, 1024, 32);
            assertTrue(maxDiff(a, b) < 1e-5, "max diff " + maxDiff(a, b));
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void upsamplingWeightsMatchLibtorchForNonPowerOfTwoScales() {
        // 24 px output from 16 and 4 px taps: scale 2/3 and 1/6 exercise the clamped border rows
        TapLayout layout = new TapLayout(java.util.List.of(new dev.dgan.api.FeatureTap("a", 3, 4),
                new dev.dgan.api.FeatureTap("b", 3, 16), new dev.dgan.api.FeatureTap("c", 2, 24)), 24, 24);
        MlpShape shape = new MlpShape(layout.channels(), 8, 4, 3);
        Map<String, Tensor> taps = RandomEnsembles.features(layout, 1, 9);
        try (MlpEnsemble e = RandomEnsembles.ensemble(shape, 2, 13);
             FusedEnsemble fused = new FusedEnsemble(e, layout, Device.CPU, 1 << 12, 1 << 20);
             NaiveEnsemble naive = new NaiveEnsemble(e, layout, Device.CPU, 50)) {
            float[][] f = outputs(fused, taps, 0, 3, 576, 24);
            float[][] n = outputs(naive, taps, 0, 3, 576, 24);
            assertTrue(maxDiff(f, n) < 1e-4, "max diff " + maxDiff(f, n));
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void blocksOfOutputColumnsEqualNaive() {
        // 96 px: three blocks of 32 columns, each reading its own window of the 6, 12 and 48 px taps
        TapLayout layout = new TapLayout(java.util.List.of(new dev.dgan.api.FeatureTap("a", 3, 6),
                new dev.dgan.api.FeatureTap("b", 3, 12), new dev.dgan.api.FeatureTap("c", 2, 48),
                new dev.dgan.api.FeatureTap("d", 2, 48), new dev.dgan.api.FeatureTap("e", 2, 96)), 96, 96);
        assertEquals(32, FusedEnsemble.blockWidth(96));
        MlpShape shape = new MlpShape(layout.channels(), 8, 4, 3);
        Map<String, Tensor> taps = RandomEnsembles.features(layout, 1, 10);
        try (MlpEnsemble e = RandomEnsembles.ensemble(shape, 2, 14);
             FusedEnsemble fused = new FusedEnsemble(e, layout, Device.CPU, 1 << 14, 1 << 20);
             NaiveEnsemble naive = new NaiveEnsemble(e, layout, Device.CPU, 500)) {
            float[][] f = outputs(fused, taps, 0, 3, 96 * 96, 96);
            float[][] n = outputs(naive, taps, 0, 3, 96 * 96, 96);
            assertTrue(maxDiff(f, n) < 1e-4, "max diff " + maxDiff(f, n));
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void wrongFeatureShapesAreRejectedBeforeAnyNativeCall() {
        TapLayout layout = RandomEnsembles.pyramid32();
        MlpShape shape = new MlpShape(layout.channels(), 8, 4, 2);
        Map<String, Tensor> taps = RandomEnsembles.features(new TapLayout(java.util.List.of(new dev.dgan.api.FeatureTap("b4.conv1", 7, 4)), 32, 32), 1, 1);
        try (MlpEnsemble e = RandomEnsembles.ensemble(shape, 1, 1); FusedEnsemble fused = new FusedEnsemble(e, layout, Device.CPU)) {
            var ex = assertThrows(IllegalArgumentException.class, () -> fused.run(taps, 0, (a, b, c, d) -> {}));
            assertTrue(ex.getMessage().contains("b4.conv1") && ex.getMessage().contains("[B, 8, 4, 4]"), ex.getMessage());
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }
}
