package dev.dgan.api.contract;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task checks pass on a model that keeps the contract and fail on one whose labels depend on the batch. */
@ExtendWith(NoTensorLeaks.class)
class TaskContractTest {

    static final FeatureTap T = new FeatureTap("t", 1, 2);

    /** One number per sample: the mean of its tap, minus the batch's mean when {@code batchDependent}. */
    record Mean(double value, double uncertainty) implements Labeled {}

    record Model(boolean batchDependent) implements Interpreter {
        public String task() { return "mean"; }
        public List<String> labels() { return List.of("mean"); }
        public List<FeatureTap> taps() { return List.of(T); }
        public int width() { return 2; }
        public int height() { return 2; }
        public void save(Path dir) { }
        public void close() { }

        public List<Labeled> label(Map<String, Tensor> taps) {
            float[] v;
            try (Tensor cpu = taps.get("t").cpu()) {
                v = cpu.toFloatArray();
            }
            int n = v.length / 4;
            double all = 0;
            for (float x : v) all += x / v.length;
            List<Labeled> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double m = (v[4 * i] + v[4 * i + 1] + v[4 * i + 2] + v[4 * i + 3]) / 4.0;
                out.add(new Mean(batchDependent ? m - all : m, 0.5));
            }
            return out;
        }
    }

    static final TaskProvider TASK = new TaskProvider() {
        public String name() { return "mean"; }
        public String description() { return ""; }
        public AnnotationReader annotations() { throw new UnsupportedOperationException(); }
        public Trainer trainer(TrainingSpec spec) { throw new UnsupportedOperationException(); }
        public Interpreter load(Path dir, Device device) { throw new UnsupportedOperationException(); }

        public TaskOutputs outputs(Interpreter model) {
            return new TaskOutputs() {
                public List<Folder> folders() { return List.of(new Folder("mean", "json")); }

                public Map<String, Object> write(LabeledSample sample, SampleFolder folder) throws java.io.IOException {
                    folder.writeJson("mean", Map.of("value", ((Mean) sample.labeled()).value()));
                    return Map.of("mean", folder.path("mean"));
                }
            };
        }
    };

    @Test
    void aModelThatKeepsTheContractPassesAndABatchDependentOneFails() {
        try (Tensor batch = Tensor.of(new float[] {1, 1, 1, 1, 3, 3, 3, 3}, 2, 1, 2, 2)) {
            TaskContract.check(TASK, new Model(false), Map.of("t", batch), 0);
            var e = assertThrows(AssertionError.class, () -> TaskContract.labelsAreBatchIndependent(TASK, new Model(true), Map.of("t", batch), 0));
            assertTrue(e.getMessage().contains("differs from the same sample alone"), e.getMessage());
        }
    }
}
