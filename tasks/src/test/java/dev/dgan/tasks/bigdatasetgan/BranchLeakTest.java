package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trains long enough that a tensor leaked per iteration would show, and labels the same batch
 * many times, bounding the process's resident memory after a warm-up of the same length (the
 * Java heap and the allocator's arenas grow to their working size first). One fusion-block
 * activation at 32 px is 160 KB for a training batch of 2 and 490 KB for the labelled batch of
 * 6, so leaking one per iteration or per call adds 64 MB over 400 iterations, 98 MB over 200 calls.
 */
@ExtendWith(NoTensorLeaks.class)
class BranchLeakTest {

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void longTrainingAndRepeatedLabelingKeepNativeMemoryFlat() throws Exception {
        BigDatasetGanTaskTest.makeFeatures();
        try {
            Map<String, String> o = new LinkedHashMap<>(BigDatasetGanTaskTest.SMALL);
            o.put("iterations", "400");
            // the first run grows the Java heap and the allocator's arenas to their working size
            BigDatasetGanTaskTest.train(o, 1, new BigDatasetGanTaskTest.Samples(4)).interpreter().close();
            System.gc();
            long before = rssKiB();
            Trainer.Trained trained = BigDatasetGanTaskTest.train(o, 1, new BigDatasetGanTaskTest.Samples(4));
            System.gc();
            long training = rssKiB() - before;
            assertTrue(training < 48 * 1024, "resident memory grew by " + training + " KiB over 400 training iterations");
            try (Interpreter interpreter = trained.interpreter()) {
                for (int i = 0; i < 200; i++) interpreter.label(BigDatasetGanTaskTest.features);
                System.gc();
                long start = rssKiB();
                for (int i = 0; i < 200; i++) interpreter.label(BigDatasetGanTaskTest.features);
                System.gc();
                long growth = rssKiB() - start;
                assertTrue(growth < 48 * 1024, "resident memory grew by " + growth + " KiB over 200 labelings");
            }
        } finally {
            BigDatasetGanTaskTest.free();
        }
    }
}
