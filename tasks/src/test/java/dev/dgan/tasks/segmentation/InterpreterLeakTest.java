package dev.dgan.tasks.segmentation;

import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.tasks.mlp.RandomEnsembles;
import dev.dgan.tasks.mlp.TapLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labels the same batch of two 150 times and bounds the process's resident memory: a tensor leaked
 * per call (the smallest per-sample buffer here is 40 KB, a tile 320 KB) would add tens of MB (a leaked tile alone, 96 MB).
 */
@ExtendWith(NoTensorLeaks.class)
class InterpreterLeakTest {

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void repeatedLabelingKeepsNativeMemoryFlat() throws Exception {
        TapLayout layout = RandomEnsembles.pyramid32();
        Map<String, Tensor> taps = RandomEnsembles.features(layout, 2, 31);
        Trainer.Trained trained;
        try (Trainer trainer = new SegmentationTask().trainer(new TrainingSpec(layout.taps(), 32, 32, List.of("a", "b"),
                Map.of("models", "4", "max-epochs", "1"), 1, Device.CPU))) {
            Map<String, Tensor> one = new HashMap<>();
            taps.forEach((k, v) -> one.put(k, Ops.narrow(v, 0, 0, 1)));
            byte[] labels = new byte[1024];
            for (int i = 0; i < 512; i++) labels[i] = 1;
            trainer.add(one, new LabelMap(32, 32, labels));
            one.values().forEach(Tensor::close);
            trained = trainer.fit(TrainingListener.NONE);
        }
        try (Interpreter interpreter = trained.interpreter()) {
            for (int i = 0; i < 20; i++) interpreter.label(taps);
            System.gc();
            long before = rssKiB();
            for (int i = 0; i < 150; i++) interpreter.label(taps);
            System.gc();
            long growth = rssKiB() - before;
            assertTrue(growth < 48 * 1024, "resident memory grew by " + growth + " KiB over 150 labelings");
        } finally {
            taps.values().forEach(Tensor::close);
        }
    }
}
