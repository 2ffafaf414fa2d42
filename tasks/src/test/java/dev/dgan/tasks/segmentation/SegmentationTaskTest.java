package dev.dgan.tasks.segmentation;

import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.tasks.mlp.RandomEnsembles;
import dev.dgan.tasks.mlp.TapLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class SegmentationTaskTest {

    private static final TapLayout LAYOUT = RandomEnsembles.pyramid32();
    private static final List<String> CLASSES = List.of("background", "low", "high");

    /** Ground truth read off the features themselves: channel 0 of the last full-resolution tap, thresholded. */
    private static LabelMap truth(Map<String, Tensor> taps, int b) {
        float[] v = taps.get("b32.conv1").toFloatArray();
        byte[] labels = new byte[1024];
        int off = b * 4 * 1024;
        for (int i = 0; i < 1024; i++) labels[i] = (byte) (v[off + i] > 0.6 ? 2 : v[off + i] < -0.6 ? 1 : 0);
        return new LabelMap(32, 32, labels);
    }

    private static Map<String, Tensor> sample(Map<String, Tensor> batch, int b) {
        Map<String, Tensor> one = new HashMap<>();
        batch.forEach((k, v) -> one.put(k, dev.dgan.runtime.Ops.narrow(v, 0, b, 1)));
        return one;
    }

    private static TrainingSpec spec(Map<String, String> options, long seed) {
        return new TrainingSpec(LAYOUT.taps(), 32, 32, CLASSES, options, seed, Device.CPU);
    }

    private static Trainer.Trained train(Map<String, Tensor> taps, int samples, Map<String, String> options, long seed) {
        try (Trainer trainer = new SegmentationTask().trainer(spec(options, seed))) {
            for (int b = 0; b < samples; b++) {
                Map<String, Tensor> one = sample(taps, b);
                trainer.add(one, truth(taps, b));
                one.values().forEach(Tensor::close);
            }
            return trainer.fit(TrainingListener.NONE);
        }
    }

    @Test
    void learnsALabelingItCanSeeInTheFeaturesAndGeneralises() {
        Map<String, Tensor> taps = RandomEnsembles.features(LAYOUT, 6, 21);
        Trainer.Trained trained = train(taps, 4, Map.of("models", "3", "max-epochs", "8"), 1);
        try (Interpreter interpreter = trained.interpreter()) {
            assertEquals(3, trained.report().models().size());
            for (TrainReport.ModelReport r : trained.report().models()) assertTrue(r.trainAccuracy() > 0.9, "accuracy " + r);
            List<Labeled> labeled = interpreter.label(taps);
            assertEquals(6, labeled.size());
            for (int b = 4; b < 6; b++) { // held out
                LabelMap got = ((Labeled.Segmentation) labeled.get(b)).labels();
                LabelMap want = truth(taps, b);
                int right = 0;
                for (int i = 0; i < 1024; i++) if (got.labels()[i] == want.labels()[i]) right++;
                assertTrue(right > 900, "held-out pixel accuracy " + right + "/1024");
            }
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void fusedAndNaivePathsGiveTheSameLabelsAndDivergence() {
        Map<String, Tensor> taps = RandomEnsembles.features(LAYOUT, 2, 22);
        Trainer.Trained trained = train(taps, 2, Map.of("models", "4", "max-epochs", "1"), 2);
        try (SegmentationInterpreter interpreter = (SegmentationInterpreter) trained.interpreter()) {
            var fused = interpreter.labelDetailed(taps);
            interpreter.useNaivePath(300);
            var naive = interpreter.labelDetailed(taps);
            for (int b = 0; b < 2; b++) {
                float[] a = fused.get(b).divergence(), n = naive.get(b).divergence();
                double maxJs = 0;
                for (int i = 0; i < a.length; i++) maxJs = Math.max(maxJs, Math.abs(a[i] - n[i]));
                assertTrue(maxJs < 1e-4, "max JS difference " + maxJs);
                assertArrayEquals(naive.get(b).result().labels().labels(), fused.get(b).result().labels().labels());
                assertEquals(naive.get(b).result().uncertainty(), fused.get(b).result().uncertainty(), 1e-4);
            }
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void theSameSeedTrainsTheSameModelAndItSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        Map<String, Tensor> taps = RandomEnsembles.features(LAYOUT, 2, 23);
        Map<String, String> options = Map.of("models", "2", "max-epochs", "2");
        Trainer.Trained a = train(taps, 2, options, 5), b = train(taps, 2, options, 5), c = train(taps, 2, options, 6);
        try (Interpreter ia = a.interpreter(); Interpreter ib = b.interpreter(); Interpreter ic = c.interpreter()) {
            ia.save(dir.resolve("a"));
            ib.save(dir.resolve("b"));
            ic.save(dir.resolve("c"));
            byte[] wa = Files.readAllBytes(dir.resolve("a/ensemble.safetensors"));
            assertArrayEquals(wa, Files.readAllBytes(dir.resolve("b/ensemble.safetensors")));
            assertTrue(!java.util.Arrays.equals(wa, Files.readAllBytes(dir.resolve("c/ensemble.safetensors"))), "another seed, other weights");
            try (Interpreter loaded = new SegmentationTask().load(dir.resolve("a"), Device.CPU)) {
                assertEquals(CLASSES, loaded.labels());
                assertEquals(LAYOUT.taps(), loaded.taps());
                var x = ia.label(taps);
                var y = loaded.label(taps);
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(((Labeled.Segmentation) x.get(i)).labels().labels(), ((Labeled.Segmentation) y.get(i)).labels().labels());
                    assertEquals(x.get(i).uncertainty(), y.get(i).uncertainty(), 0.0);
                }
            }
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }

    @Test
    void badOptionsAndAnnotationsAreRejectedWithTheirName(@TempDir Path dir) {
        var unknown = assertThrows(IllegalArgumentException.class, () -> new SegmentationTask().trainer(spec(Map.of("modles", "3"), 1)));
        assertTrue(unknown.getMessage().contains("modles"), unknown.getMessage());
        var notInt = assertThrows(IllegalArgumentException.class, () -> new SegmentationTask().trainer(spec(Map.of("models", "ten"), 1)));
        assertTrue(notInt.getMessage().contains("models") && notInt.getMessage().contains("ten"), notInt.getMessage());
        Map<String, Tensor> taps = RandomEnsembles.features(LAYOUT, 1, 24);
        try (Trainer t = new SegmentationTask().trainer(spec(Map.of(), 1))) {
            byte[] labels = new byte[1024];
            labels[5] = 7;
            var bad = assertThrows(IllegalArgumentException.class, () -> t.add(taps, new LabelMap(32, 32, labels)));
            assertTrue(bad.getMessage().contains("class id 7"), bad.getMessage());
            var size = assertThrows(IllegalArgumentException.class, () -> t.add(taps, new LabelMap(16, 16, new byte[256])));
            assertTrue(size.getMessage().contains("16x16"), size.getMessage());
        } finally {
            taps.values().forEach(Tensor::close);
        }
        var missing = assertThrows(java.io.IOException.class, () -> new SegmentationTask().load(dir, Device.CPU));
        assertTrue(missing.getMessage().contains("task.json"), missing.getMessage());
    }

    @Test
    void anUntrainedModelHasTheTrainedShapeAndIsAPureFunctionOfItsSeed(@TempDir Path dir) throws Exception {
        Map<String, String> options = Map.of("models", "3");
        Map<String, Tensor> taps = RandomEnsembles.features(LAYOUT, 2, 21);
        try (Trainer a = new SegmentationTask().trainer(spec(options, 7)); Trainer b = new SegmentationTask().trainer(spec(options, 7));
             Trainer c = new SegmentationTask().trainer(spec(options, 8));
             Interpreter x = a.untrained().interpreter(); Interpreter y = b.untrained().interpreter(); Interpreter z = c.untrained().interpreter()) {
            List<Labeled> labeled = x.label(taps);
            assertEquals(2, labeled.size());
            var first = (Labeled.Segmentation) labeled.get(0);
            assertEquals(32 * 32, first.labels().labels().length);
            x.save(dir.resolve("x"));
            y.save(dir.resolve("y"));
            z.save(dir.resolve("z"));
            byte[] wx = Files.readAllBytes(dir.resolve("x/ensemble.safetensors"));
            assertArrayEquals(wx, Files.readAllBytes(dir.resolve("y/ensemble.safetensors")), "same seed, same weights");
            assertTrue(!java.util.Arrays.equals(wx, Files.readAllBytes(dir.resolve("z/ensemble.safetensors"))), "another seed, other weights");
            try (Interpreter back = new SegmentationTask().load(dir.resolve("x"), Device.CPU)) {
                assertEquals(3, back.labels().size());
            }
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }
}
