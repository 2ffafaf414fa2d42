package dev.dgan.tasks.bigdatasetgan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.tasks.TaskJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dgan.tasks.bigdatasetgan.BigDatasetGanTaskTest.SAMPLES;
import static dev.dgan.tasks.bigdatasetgan.BigDatasetGanTaskTest.features;
import static dev.dgan.tasks.bigdatasetgan.BigDatasetGanTaskTest.truth;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VQGAN head ({@code -O head=vqgan}) end to end on {@link BigDatasetGanTaskTest}'s made-up
 * backbone: the mask is where channel 0 of the 16 px tap is positive, a tap the head reduces in
 * its mid group. The head ignores the class embedding among the taps.
 */
@ExtendWith(NoTensorLeaks.class)
class VqBranchTest {

    static final Map<String, String> SMALL = Map.of("head", "vqgan", "models", "2", "iterations", "60", "batch", "2", "channels", "16",
            "lr", "0.01");

    @BeforeAll
    static void makeFeatures() {
        BigDatasetGanTaskTest.makeFeatures();
    }

    @AfterAll
    static void free() {
        BigDatasetGanTaskTest.free();
    }

    static Trainer.Trained train(Map<String, String> options, long seed, BigDatasetGanTaskTest.Samples samples) {
        return BigDatasetGanTaskTest.train(options, seed, samples);
    }

    static byte[] labels(List<Labeled> l, int b) {
        return ((Labeled.Segmentation) l.get(b)).labels().labels();
    }

    @Test
    void learnsAMaskItCanSeeInTheFeaturesAndGeneralises(@TempDir Path dir) throws Exception {
        BigDatasetGanTaskTest.Samples samples = new BigDatasetGanTaskTest.Samples(4);
        long start = System.nanoTime();
        Trainer.Trained trained = train(SMALL, 1, samples);
        System.out.printf("vqgan head, 2 heads, channels 16, batch 2 at 32 px: %.1f ms per iteration%n", (System.nanoTime() - start) / 60e6);
        try (Interpreter interpreter = trained.interpreter()) {
            assertEquals(60 * 2 + 4, samples.rendered);
            assertFalse(interpreter.taps().stream().anyMatch(t -> t.name().equals(FeatureTap.CLASS_EMBEDDING)),
                    "the vqgan head reads no class embedding: " + interpreter.taps());
            for (TrainReport.ModelReport r : trained.report().models()) assertTrue(r.trainAccuracy() > 0.9, "accuracy " + r);
            List<Labeled> labeled = interpreter.label(features);
            for (int b = 4; b < SAMPLES; b++) { // held out
                byte[] got = labels(labeled, b);
                int right = 0;
                for (int i = 1; i < 1024; i++) if (got[i] == truth.get(b).labels()[i]) right++;
                assertTrue(right > 870, "held-out pixel accuracy " + right + "/1023");
            }
            // no batch statistics: a sample labelled alone gets the labels it got among others
            try (TensorScope s = TensorScope.open()) {
                Map<String, Tensor> last = new LinkedHashMap<>();
                features.forEach((k, v) -> last.put(k, Ops.narrow(v, 0, SAMPLES - 1, 1)));
                assertArrayEquals(labels(labeled, SAMPLES - 1), labels(interpreter.label(last), 0));
            }
            interpreter.save(dir);
            var json = new ObjectMapper().readTree(dir.resolve(TaskJson.FILE).toFile());
            assertEquals("vqgan", json.get("head").asText());
            assertEquals(16, json.get("channels").asInt());
            try (SafetensorsFile st = SafetensorsFile.open(dir.resolve(BranchInterpreter.WEIGHTS))) {
                assertTrue(st.names().containsAll(List.of("head.0.low_feature_conv.0.weight", "head.1.mid_feature_conv.1.weight",
                        "head.0.mid_feature_mix_conv.weight", "head.0.high_feature_mix_conv.bias", "head.1.out_layer.4.weight",
                        "head.1.out_layer.6.bias")), st.names().toString());
                assertEquals(2 * (4 + 2 * 2 + 3 * 2 + 2 * 2), st.size(), "per head: 4 reductions, 2 mix convs and 3 convs with biases, 2 norms");
            }
            try (Interpreter loaded = new BigDatasetGanTask().load(dir, Device.CPU)) {
                assertEquals(interpreter.taps(), loaded.taps());
                assertEquals(interpreter.flopsPerImage(), loaded.flopsPerImage());
                List<Labeled> again = loaded.label(features);
                for (int b = 0; b < SAMPLES; b++) {
                    assertArrayEquals(labels(labeled, b), labels(again, b));
                    assertEquals(((Labeled.Segmentation) labeled.get(b)).uncertainty(), ((Labeled.Segmentation) again.get(b)).uncertainty(), 1e-9);
                }
            }
            try (Interpreter bf16 = new BigDatasetGanTask().load(dir, Device.CPU, Precision.BF16)) {
                List<Labeled> low = bf16.label(features);
                int same = 0, total = 0;
                for (int b = 0; b < SAMPLES; b++) {
                    byte[] x = labels(labeled, b), y = labels(low, b);
                    for (int i = 0; i < x.length; i++, total++) if (x[i] == y[i]) same++;
                }
                assertTrue(same >= 0.97 * total, "bf16 labels agree with fp32 on " + same + "/" + total + " pixels");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameModelWhetherFeaturesAreStreamedOrCached(@TempDir Path dir) throws Exception {
        Map<String, String> streamed = new LinkedHashMap<>(SMALL);
        streamed.put("iterations", "5");
        Map<String, String> cached = new LinkedHashMap<>(streamed);
        cached.put("cache-features", "true");
        Trainer.Trained x = train(streamed, 3, new BigDatasetGanTaskTest.Samples(4)), y = train(cached, 3, new BigDatasetGanTaskTest.Samples(4)),
                z = train(streamed, 4, new BigDatasetGanTaskTest.Samples(4));
        try (Interpreter ix = x.interpreter(); Interpreter iy = y.interpreter(); Interpreter iz = z.interpreter()) {
            ix.save(dir.resolve("x"));
            iy.save(dir.resolve("y"));
            iz.save(dir.resolve("z"));
            byte[] bx = Files.readAllBytes(dir.resolve("x/branch.safetensors"));
            assertArrayEquals(bx, Files.readAllBytes(dir.resolve("y/branch.safetensors")));
            assertFalse(java.util.Arrays.equals(bx, Files.readAllBytes(dir.resolve("z/branch.safetensors"))), "another seed, another model");
        }
    }

    @Test
    void anUntrainedHeadLabelsAndIsAPureFunctionOfItsSeed(@TempDir Path dir) throws Exception {
        try (Trainer a = new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(SMALL, 4));
             Trainer b = new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(SMALL, 4));
             Interpreter x = a.untrained().interpreter(); Interpreter y = b.untrained().interpreter()) {
            assertEquals(SAMPLES, x.label(features).size());
            x.save(dir.resolve("x"));
            y.save(dir.resolve("y"));
            assertArrayEquals(Files.readAllBytes(dir.resolve("x/branch.safetensors")), Files.readAllBytes(dir.resolve("y/branch.safetensors")));
            try (Interpreter loaded = new BigDatasetGanTask().load(dir.resolve("x"), Device.CPU)) {
                assertArrayEquals(labels(x.label(features), 2), labels(loaded.label(features), 2));
            }
        }
    }

    @Test
    void severalClassesTrainWithCrossEntropy() {
        Map<String, String> o = new LinkedHashMap<>(SMALL);
        o.put("iterations", "3");
        try (Trainer trainer = new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(List.of("bg", "a", "b"), o, 1));
             Interpreter i = trainer.fit(new BigDatasetGanTaskTest.Samples(2), TrainingListener.NONE).interpreter()) {
            assertEquals(3, i.labels().size());
            for (Labeled l : i.label(features)) for (byte v : ((Labeled.Segmentation) l).labels().labels()) assertTrue(v >= 0 && v < 3);
        }
    }

    @Test
    void aModelWithoutAHeadFieldLoadsAsBigGan(@TempDir Path dir) throws Exception {
        try (Trainer t = new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(BigDatasetGanTaskTest.SMALL, 2));
             Interpreter x = t.untrained().interpreter()) {
            x.save(dir);
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = (ObjectNode) mapper.readTree(dir.resolve(TaskJson.FILE).toFile());
            assertEquals("biggan", json.get("head").asText());
            json.remove("head");
            mapper.writeValue(dir.resolve(TaskJson.FILE).toFile(), json);
            try (Interpreter old = new BigDatasetGanTask().load(dir, Device.CPU)) {
                assertEquals(x.flopsPerImage(), old.flopsPerImage());
                for (int b = 0; b < SAMPLES; b++) assertArrayEquals(labels(x.label(features), b), labels(old.label(features), b));
            }
            json.put("head", "vqgan"); // a BigGAN model's tensors under the wrong head: refused, not misread
            mapper.writeValue(dir.resolve(TaskJson.FILE).toFile(), json);
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new BigDatasetGanTask().load(dir, Device.CPU));
            assertTrue(e.getMessage().contains("embedding") || e.getMessage().contains("channels"), e.getMessage());
        }
    }
}
