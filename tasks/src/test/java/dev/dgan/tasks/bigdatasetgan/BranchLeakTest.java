package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains and labels long enough that a leak per step would stand out of the noise, and
 * compares resident memory early and late in each loop. Resident memory moves by tens of MB
 * either way as the Java heap grows and shrinks, so each side is the lower of two readings and
 * they are at least 750 iterations or 300 calls apart. One fusion-block activation at 32 px is
 * 160 KB for a training batch of 2 and 490 KB for the labelled batch of 6: leaking one per step
 * adds at least 120 MB (training) or 147 MB (labelling) between the two sides, against a bound of 96 MB.
 */
@ExtendWith(NoTensorLeaks.class)
class BranchLeakTest {

    static final long BOUND_KIB = 96 * 1024;

    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static long reading() {
        System.gc();
        return rssKiB();
    }

    /** Late minus early, each the lower of two of the six readings. */
    private static long growth(List<Long> r) {
        assertEquals(6, r.size(), "readings " + r);
        return Math.min(r.get(4), r.get(5)) - Math.min(r.get(0), r.get(1));
    }

    @Test
    void longTrainingAndRepeatedLabelingKeepNativeMemoryFlat() {
        BigDatasetGanTaskTest.makeFeatures();
        try {
            Map<String, String> o = new LinkedHashMap<>(BigDatasetGanTaskTest.SMALL);
            o.put("iterations", "1500"); // 4 samples in batches of 2: 2 iterations an epoch
            List<Long> training = new ArrayList<>();
            TrainingListener every250 = new TrainingListener() {
                @Override
                public void epochDone(int model, int models, int epoch, double meanLoss) {
                    if (model == 0 && epoch % 125 == 124) training.add(reading());
                }
            };
            Trainer.Trained trained;
            try (Trainer trainer = new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(o, 1))) {
                trained = trainer.fit(new BigDatasetGanTaskTest.Samples(4), every250);
            }
            try (Interpreter interpreter = trained.interpreter()) {
                long t = growth(training);
                assertTrue(t < BOUND_KIB, "resident memory grew by " + t + " KiB over 750+ training iterations " + training);
                List<Long> labeling = new ArrayList<>();
                for (int i = 0; i < 100; i++) interpreter.label(BigDatasetGanTaskTest.features);
                for (int k = 0; k < 6; k++) {
                    for (int i = 0; i < 100; i++) interpreter.label(BigDatasetGanTaskTest.features);
                    labeling.add(reading());
                }
                long l = growth(labeling);
                assertTrue(l < BOUND_KIB, "resident memory grew by " + l + " KiB over 300+ labelings " + labeling);
                System.out.println("resident memory growth: training " + t + " KiB " + training + ", labeling " + l + " KiB " + labeling);
            }
        } finally {
            BigDatasetGanTaskTest.free();
        }
    }
}
