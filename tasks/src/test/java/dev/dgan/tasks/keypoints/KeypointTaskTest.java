package dev.dgan.tasks.keypoints;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class KeypointTaskTest {

    /** Features that encode position: a coarse tap of x/y ramps and a full-resolution one-hot of the object's spot. */
    private static Map<String, Tensor> features(int cx, int cy) {
        float[] coarse = new float[2 * 8 * 8];
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
            coarse[y * 8 + x] = x / 8f;
            coarse[64 + y * 8 + x] = y / 8f;
        }
        float[] fine = new float[3 * 16 * 16];
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) {
            double d2 = (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy);
            fine[y * 16 + x] = (float) Math.exp(-d2 / 8);
            fine[256 + y * 16 + x] = (float) Math.exp(-d2 / 2);
            fine[512 + y * 16 + x] = 1f;
        }
        return Map.of("coarse", TensorScope.release(Tensor.of(coarse, 1, 2, 8, 8)), "fine", TensorScope.release(Tensor.of(fine, 1, 3, 16, 16)));
    }

    private static final List<FeatureTap> TAPS = List.of(new FeatureTap("coarse", 2, 8), new FeatureTap("fine", 3, 16));

    @Test
    void findsTheKeypointOnAnUnseenSample(@TempDir Path dir) throws Exception {
        TrainingSpec spec = new TrainingSpec(TAPS, 16, 16, List.of("centre"), Map.of("models", "3", "max-epochs", "30", "sigma", "1.5"), 3, Device.CPU);
        int[][] spots = {{4, 4}, {11, 5}, {6, 12}, {12, 11}, {8, 8}};
        Trainer.Trained trained;
        try (Trainer trainer = new KeypointTask().trainer(spec)) {
            for (int[] s : spots) {
                Map<String, Tensor> f = features(s[0], s[1]);
                trainer.add(f, new KeypointSet(16, 16, List.of(new KeypointSet.Keypoint("centre", s[0], s[1], true))));
                f.values().forEach(Tensor::close);
            }
            trained = trainer.fit(TrainingListener.NONE);
        }
        try (Interpreter interpreter = trained.interpreter()) {
            Map<String, Tensor> unseen = features(10, 9);
            try {
                Labeled.Keypoints k = (Labeled.Keypoints) interpreter.label(unseen).get(0);
                Labeled.Keypoints.Detected p = k.points().get(0);
                assertEquals("centre", p.name());
                assertTrue(Math.hypot(p.x() - 10, p.y() - 9) < 1.5, "found at " + p);
                assertTrue(p.confidence() > 0.3 && p.confidence() <= 1, "confidence " + p.confidence());
                interpreter.save(dir);
                try (Interpreter loaded = new KeypointTask().load(dir, Device.CPU)) {
                    Labeled.Keypoints again = (Labeled.Keypoints) loaded.label(unseen).get(0);
                    assertEquals(p, again.points().get(0));
                }
            } finally {
                unseen.values().forEach(Tensor::close);
            }
        }
    }

    @Test
    void unknownKeypointNamesAreRejected() {
        TrainingSpec spec = new TrainingSpec(TAPS, 16, 16, List.of("nose"), Map.of(), 1, Device.CPU);
        Map<String, Tensor> f = features(3, 3);
        try (Trainer trainer = new KeypointTask().trainer(spec)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> trainer.add(f, new KeypointSet(16, 16, List.of(new KeypointSet.Keypoint("tail", 1, 1, true)))));
            assertTrue(e.getMessage().contains("tail"), e.getMessage());
        } finally {
            f.values().forEach(Tensor::close);
        }
    }

    @Test
    void heatmapsPeakAtThePointAndPeaksAreFoundBetweenPixels() {
        KeypointSet set = new KeypointSet(9, 9, List.of(new KeypointSet.Keypoint("a", 4.5, 3.5, true), new KeypointSet.Keypoint("b", 1, 1, false)));
        float[] heat = Heatmaps.target(set, "a", 1.0);
        assertEquals(1.0, heat[3 * 9 + 4], 1e-6);
        assertEquals(Math.exp(-0.5), heat[3 * 9 + 5], 1e-6);
        for (float v : Heatmaps.target(set, "b", 1.0)) assertEquals(0f, v, "invisible keypoints give no heat");
        KeypointSet shifted = new KeypointSet(9, 9, List.of(new KeypointSet.Keypoint("a", 4.8, 3.5, true)));
        PeakFinder.Peak p = PeakFinder.find(Heatmaps.target(shifted, "a", 1.5), 9, 9);
        assertEquals(4.8, p.x(), 0.1);
        assertEquals(3.5, p.y(), 1e-9);
    }

    private static Interpreter trained(long seed) {
        TrainingSpec spec = new TrainingSpec(TAPS, 16, 16, List.of("centre"), Map.of("models", "2", "max-epochs", "3", "sigma", "1.5"), seed, Device.CPU);
        try (Trainer trainer = new KeypointTask().trainer(spec)) {
            for (int[] s : new int[][] {{4, 4}, {11, 5}, {6, 12}}) {
                Map<String, Tensor> f = features(s[0], s[1]);
                trainer.add(f, new KeypointSet(16, 16, List.of(new KeypointSet.Keypoint("centre", s[0], s[1], true))));
                f.values().forEach(Tensor::close);
            }
            return trainer.fit(TrainingListener.NONE).interpreter();
        }
    }

    @Test
    void aTrainedModelKeepsThePluginContract() {
        Map<String, Tensor> a = features(5, 9), b = features(12, 3);
        Map<String, Tensor> batch = new java.util.HashMap<>();
        try (TensorScope scope = TensorScope.open()) {
            for (String tap : a.keySet()) batch.put(tap, TensorScope.release(dev.dgan.runtime.Ops.cat(List.of(a.get(tap), b.get(tap)), 0)));
        }
        try (Interpreter model = trained(4)) {
            dev.dgan.api.contract.TaskContract.check(new KeypointTask(), model, batch, 1e-5);
            dev.dgan.api.contract.TaskContract.sameSeedSameModel(new KeypointTask(), () -> trained(4), batch);
        } finally {
            a.values().forEach(Tensor::close);
            b.values().forEach(Tensor::close);
            batch.values().forEach(Tensor::close);
        }
    }
}
