package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.contract.TaskContract;
import dev.dgan.api.task.Interpreter;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plugin contract on small trained branches, BigGAN's head and the VQGAN head. */
@ExtendWith(NoTensorLeaks.class)
class BranchContractTest {

    @BeforeAll
    static void features() {
        BigDatasetGanTaskTest.makeFeatures();
    }

    @AfterAll
    static void free() {
        BigDatasetGanTaskTest.free();
    }

    private static Interpreter train(Map<String, String> options, long seed) {
        return BigDatasetGanTaskTest.train(options, seed, new BigDatasetGanTaskTest.Samples(4)).interpreter();
    }

    @Test
    void trainedBranchesKeepThePluginContract() {
        Map<String, String> vq = new LinkedHashMap<>(Map.of("models", "2", "iterations", "6", "batch", "2", "head", "vqgan", "channels", "8"));
        for (Map<String, String> options : List.of(Map.of("models", "2", "iterations", "6", "batch", "2", "widths", "8,8,4"), vq)) {
            try (Interpreter model = train(options, 5)) {
                TaskContract.check(new BigDatasetGanTask(), model, BigDatasetGanTaskTest.features, 1e-5);
                TaskContract.sameSeedSameModel(new BigDatasetGanTask(), () -> train(options, 5), BigDatasetGanTaskTest.features);
            }
        }
    }
}
