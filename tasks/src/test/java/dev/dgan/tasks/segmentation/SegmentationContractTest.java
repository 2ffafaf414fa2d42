package dev.dgan.tasks.segmentation;

import dev.dgan.api.contract.TaskContract;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.tasks.mlp.RandomEnsembles;
import dev.dgan.tasks.mlp.TapLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The plugin contract on a small segmentation ensemble trained on random pyramid features. */
@ExtendWith(NoTensorLeaks.class)
class SegmentationContractTest {

    private static final TapLayout LAYOUT = RandomEnsembles.pyramid32();

    private static Interpreter train(Map<String, Tensor> taps, long seed) {
        TrainingSpec spec = new TrainingSpec(LAYOUT.taps(), 32, 32, List.of("background", "low", "high"),
                Map.of("models", "3", "max-epochs", "2"), seed, Device.CPU);
        try (Trainer trainer = new SegmentationTask().trainer(spec)) {
            float[] v = taps.get("b32.conv1").toFloatArray();
            for (int b = 0; b < 2; b++) {
                byte[] labels = new byte[1024];
                for (int i = 0; i < 1024; i++) labels[i] = (byte) (v[b * 4 * 1024 + i] > 0.6 ? 2 : v[b * 4 * 1024 + i] < -0.6 ? 1 : 0);
                Map<String, Tensor> one = new HashMap<>();
                for (var e : taps.entrySet()) one.put(e.getKey(), Ops.narrow(e.getValue(), 0, b, 1));
                trainer.add(one, new LabelMap(32, 32, labels));
                one.values().forEach(Tensor::close);
            }
            return trainer.fit(TrainingListener.NONE).interpreter();
        }
    }

    @Test
    void aTrainedEnsembleKeepsThePluginContract() {
        Map<String, Tensor> taps = RandomEnsembles.features(LAYOUT, 3, 31);
        try (Interpreter model = train(taps, 7)) {
            TaskContract.check(new SegmentationTask(), model, taps, 1e-5);
            TaskContract.sameSeedSameModel(new SegmentationTask(), () -> train(taps, 7), taps);
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }
}
