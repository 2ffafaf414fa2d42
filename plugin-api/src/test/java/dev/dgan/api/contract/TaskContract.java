package dev.dgan.api.contract;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.SampleId;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every task promises the host, checked on a trained model and a batch of feature maps
 * (tap name to [B, C, r, r], B at least 2, owned by the caller). Results are compared through
 * the task's own {@link TaskOutputs}: two results are the same when they write the same files
 * and metadata.
 */
public final class TaskContract {

    private TaskContract() {}

    /** Every check but seeded training (which needs a trainer: see {@link #sameSeedSameModel}). */
    public static void check(TaskProvider task, Interpreter model, Map<String, Tensor> batch, double uncertaintyTolerance) {
        readsTheTapsItDeclares(model, batch);
        sameFeaturesSameLabels(task, model, batch);
        freesItsTensors(model, batch);
        labelsAreBatchIndependent(task, model, batch, uncertaintyTolerance);
    }

    /** The model reads taps in the order it reports, and the batch offers each of them. */
    public static void readsTheTapsItDeclares(Interpreter model, Map<String, Tensor> batch) {
        assertFalse(model.taps().isEmpty(), model.task() + ": a model reads at least one tap");
        for (FeatureTap t : model.taps()) {
            Tensor map = batch.get(t.name());
            assertTrue(map != null, model.task() + ": model reads tap " + t.name() + ", the batch has " + batch.keySet());
            assertEquals(List.of((long) t.channels(), (long) t.resolution(), (long) t.resolution()),
                    List.of(map.shape()[1], map.shape()[2], map.shape()[3]), model.task() + ": tap " + t.name() + " shape");
        }
    }

    /** Labeling the same features twice gives the same result. */
    public static void sameFeaturesSameLabels(TaskProvider task, Interpreter model, Map<String, Tensor> batch) {
        List<Labeled> a = model.label(batch), b = model.label(batch);
        TaskOutputs outputs = task.outputs(model);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(written(outputs, model, i, a.get(i)), written(outputs, model, i, b.get(i)),
                    model.task() + ": labeling sample " + i + " twice gives different outputs");
            assertEquals(a.get(i).uncertainty(), b.get(i).uncertainty(), 0.0, model.task() + ": uncertainty of sample " + i);
        }
    }

    /** Labeling leaves no tensor open. */
    public static void freesItsTensors(Interpreter model, Map<String, Tensor> batch) {
        model.label(batch); // the first call may build caches the model owns
        long before = Tensor.liveCount();
        model.label(batch);
        assertEquals(before, Tensor.liveCount(), model.task() + ": tensors left open by label()");
    }

    /** Sample i of a batch is labeled as it is alone: one result per element, in order, none depending on the others. */
    public static void labelsAreBatchIndependent(TaskProvider task, Interpreter model, Map<String, Tensor> batch, double uncertaintyTolerance) {
        int n = (int) batch.values().iterator().next().shape()[0];
        assertTrue(n >= 2, "batch independence needs a batch of at least 2, got " + n);
        List<Labeled> together = model.label(batch);
        assertEquals(n, together.size(), model.task() + ": one result per batch element");
        TaskOutputs outputs = task.outputs(model);
        for (int i = 0; i < n; i++) {
            Map<String, Tensor> one = new HashMap<>();
            try {
                for (var e : batch.entrySet()) one.put(e.getKey(), Ops.narrow(e.getValue(), 0, i, 1));
                List<Labeled> alone = model.label(one);
                assertEquals(1, alone.size(), model.task() + ": one result for a batch of one");
                assertEquals(written(outputs, model, i, together.get(i)), written(outputs, model, i, alone.getFirst()),
                        model.task() + ": sample " + i + " of the batch differs from the same sample alone");
                assertEquals(together.get(i).uncertainty(), alone.getFirst().uncertainty(), uncertaintyTolerance,
                        model.task() + ": uncertainty of sample " + i + " in the batch and alone");
            } finally {
                one.values().forEach(Tensor::close);
            }
        }
    }

    /**
     * Two models trained with the same seed on the same data label {@code batch} alike. {@code train}
     * trains one (the caller's trainer, data and seed); both models are closed here.
     */
    public static void sameSeedSameModel(TaskProvider task, Supplier<Interpreter> train, Map<String, Tensor> batch) {
        try (Interpreter a = train.get(); Interpreter b = train.get()) {
            List<Labeled> x = a.label(batch), y = b.label(batch);
            for (int i = 0; i < x.size(); i++) {
                assertEquals(written(task.outputs(a), a, i, x.get(i)), written(task.outputs(b), b, i, y.get(i)),
                        a.task() + ": two trainings with one seed label sample " + i + " differently");
                assertEquals(x.get(i).uncertainty(), y.get(i).uncertainty(), 0.0, a.task() + ": uncertainty of sample " + i);
            }
        }
    }

    private static WrittenOutputs written(TaskOutputs outputs, Interpreter model, int index, Labeled labeled) {
        BufferedImage image = new BufferedImage(model.width(), model.height(), BufferedImage.TYPE_INT_RGB);
        return WrittenOutputs.of(outputs, new LabeledSample(SampleId.unconditional(index, index), labeled, image));
    }
}
