package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.api.task.AnnotatedSamples;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task end to end on a made-up backbone of 32 px images: taps at 4, 8, 16 and 32 px and a
 * class embedding; the foreground is where channel 0 of the 16 px tap, resized, is positive,
 * so a branch can see it in its mid level.
 */
@ExtendWith(NoTensorLeaks.class)
class BigDatasetGanTaskTest {

    static final List<FeatureTap> TAPS = List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 4, 1), new FeatureTap("f4", 8, 4),
            new FeatureTap("f8", 6, 8), new FeatureTap("f16", 5, 16), new FeatureTap("f32", 3, 32));
    static final List<String> LABELS = List.of("background", "object");
    static final int SAMPLES = 6;

    static Map<String, Tensor> features; // [SAMPLES, ...] per tap
    static List<LabelMap> truth;

    @BeforeAll
    static void makeFeatures() {
        features = new LinkedHashMap<>();
        try (Generator g = Generator.seeded(5)) {
            for (FeatureTap t : TAPS)
                features.put(t.name(), TensorScope.release(Ops.randn(g, DType.F32, Device.CPU, SAMPLES, t.channels(), t.resolution(), t.resolution())));
        }
        truth = new ArrayList<>();
        try (TensorScope s = TensorScope.open()) {
            Tensor up = dev.dgan.runtime.NN.upsampleBilinear(Ops.narrow(features.get("f16"), 1, 0, 1), 32, 32, false);
            float[] v = up.toFloatArray();
            for (int b = 0; b < SAMPLES; b++) {
                byte[] l = new byte[1024];
                for (int i = 0; i < 1024; i++) l[i] = (byte) (v[b * 1024 + i] > 0 ? 1 : 0);
                l[0] = (byte) LabelMap.VOID; // void pixels are ignored
                truth.add(new LabelMap(32, 32, l));
            }
        }
    }

    @AfterAll
    static void free() {
        features.values().forEach(Tensor::close);
    }

    /** Three levels as BigDatasetGAN groups them, here low at 4 px, mid at 16, high at 32. */
    static final List<TapLevel> LEVELS = List.of(new TapLevel("low", 4, List.of("f4")), new TapLevel("mid", 16, List.of("f8", "f16")),
            new TapLevel("high", 32, List.of("f32")));

    static TrainingSpec spec(Map<String, String> options, long seed) {
        return spec(LABELS, options, seed);
    }

    static TrainingSpec spec(List<String> labels, Map<String, String> options, long seed) {
        return new TrainingSpec(TAPS, 32, 32, labels, options, seed, Device.CPU, LEVELS);
    }

    /** The samples 0..n-1, rendered on demand from the shared feature tensors; counts the samples rendered. */
    static final class Samples implements AnnotatedSamples {
        final int n;
        int rendered;

        Samples(int n) {
            this.n = n;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Annotation annotation(int index) {
            return truth.get(index);
        }

        @Override
        public void withFeatures(int[] indices, Consumer<Map<String, Tensor>> use) {
            rendered += indices.length;
            try (TensorScope s = TensorScope.open()) {
                long[] ids = new long[indices.length];
                for (int i = 0; i < ids.length; i++) ids[i] = indices[i];
                Tensor index = Tensor.of(ids, ids.length);
                Map<String, Tensor> batch = new LinkedHashMap<>();
                features.forEach((k, v) -> batch.put(k, Ops.indexSelect(v, 0, index)));
                use.accept(batch);
            }
        }
    }

    static Trainer.Trained train(Map<String, String> options, long seed, Samples samples) {
        try (Trainer trainer = new BigDatasetGanTask().trainer(spec(options, seed))) {
            return trainer.fit(samples, TrainingListener.NONE);
        }
    }

    static final Map<String, String> SMALL = Map.of("models", "2", "iterations", "60", "batch", "2", "widths", "8,8,4", "lr", "0.01");

    @Test
    void learnsAMaskItCanSeeInTheFeaturesAndGeneralises(@TempDir Path dir) throws Exception {
        Samples samples = new Samples(4);
        Trainer.Trained trained = train(SMALL, 1, samples);
        assertEquals(60 * 2 + 4, samples.rendered, "one render per training sample drawn, plus one pass for the report");
        try (Interpreter interpreter = trained.interpreter()) {
            assertEquals(2, trained.report().models().size());
            assertEquals(4L * 1023, trained.report().trainingPixels());
            for (TrainReport.ModelReport r : trained.report().models()) assertTrue(r.trainAccuracy() > 0.9, "accuracy " + r);
            List<Labeled> labeled = interpreter.label(features);
            assertEquals(SAMPLES, labeled.size());
            for (int b = 4; b < SAMPLES; b++) { // held out
                byte[] got = ((Labeled.Segmentation) labeled.get(b)).labels().labels();
                int right = 0;
                for (int i = 1; i < 1024; i++) if (got[i] == truth.get(b).labels()[i]) right++;
                assertTrue(right > 870, "held-out pixel accuracy " + right + "/1023");
            }
            interpreter.save(dir);
            assertTrue(Files.isRegularFile(dir.resolve("branch.safetensors")));
            try (Interpreter loaded = new BigDatasetGanTask().load(dir, Device.CPU)) {
                assertEquals(interpreter.taps(), loaded.taps());
                assertEquals(FeatureTap.CLASS_EMBEDDING, loaded.taps().getLast().name());
                List<Labeled> again = loaded.label(features);
                for (int b = 0; b < SAMPLES; b++) {
                    Labeled.Segmentation x = (Labeled.Segmentation) labeled.get(b), y = (Labeled.Segmentation) again.get(b);
                    assertArrayEquals(x.labels().labels(), y.labels().labels());
                    assertEquals(x.uncertainty(), y.uncertainty(), 1e-9);
                }
            }
            try (Interpreter bf16 = new BigDatasetGanTask().load(dir, Device.CPU, Precision.BF16)) {
                List<Labeled> low = bf16.label(features);
                int same = 0, total = 0;
                for (int b = 0; b < SAMPLES; b++) {
                    byte[] x = ((Labeled.Segmentation) labeled.get(b)).labels().labels(), y = ((Labeled.Segmentation) low.get(b)).labels().labels();
                    for (int i = 0; i < x.length; i++, total++) if (x[i] == y[i]) same++;
                }
                assertTrue(same >= 0.97 * total, "bf16 branch labels agree with fp32 on " + same + "/" + total + " pixels");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameModelWhetherFeaturesAreStreamedOrCached(@TempDir Path dir) throws Exception {
        Map<String, String> cached = new LinkedHashMap<>(SMALL);
        cached.put("iterations", "5");
        Map<String, String> streamed = new LinkedHashMap<>(cached);
        cached.put("cache-features", "true");
        Samples a = new Samples(4), b = new Samples(4);
        Trainer.Trained x = train(streamed, 3, a), y = train(cached, 3, b);
        try (Interpreter ix = x.interpreter(); Interpreter iy = y.interpreter()) {
            assertEquals(5 * 2 + 4, a.rendered);
            assertEquals(4, b.rendered, "cached: every sample rendered once");
            ix.save(dir.resolve("x"));
            iy.save(dir.resolve("y"));
            assertArrayEquals(Files.readAllBytes(dir.resolve("x/branch.safetensors")), Files.readAllBytes(dir.resolve("y/branch.safetensors")));
        }
    }

    @Test
    void severalClassesTrainWithCrossEntropy() {
        Map<String, String> o = new LinkedHashMap<>(SMALL);
        o.put("iterations", "3");
        try (Trainer trainer = new BigDatasetGanTask().trainer(spec(List.of("bg", "a", "b"), o, 1))) {
            Trainer.Trained t = trainer.fit(new Samples(2), TrainingListener.NONE);
            try (Interpreter i = t.interpreter()) {
                assertEquals(3, i.labels().size());
                assertEquals(2, i.label(features).stream().limit(2).count());
            }
        }
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> new BigDatasetGanTask().trainer(spec(Map.of("head", "3"), 1)));
        assertTrue(unknown.getMessage().contains("head"), unknown.getMessage());
        var widths = assertThrows(IllegalArgumentException.class, () -> new BigDatasetGanTask().trainer(spec(Map.of("widths", "8,x"), 1)));
        assertTrue(widths.getMessage().contains("widths"), widths.getMessage());
        try (Trainer trainer = new BigDatasetGanTask().trainer(spec(SMALL, 1))) {
            var kp = assertThrows(IllegalArgumentException.class, () -> trainer.add(Map.of(),
                    new KeypointSet(32, 32, List.of(new KeypointSet.Keypoint("nose", 1, 1, true)))));
            assertTrue(kp.getMessage().contains("label maps"), kp.getMessage());
            var size = assertThrows(IllegalArgumentException.class, () -> trainer.add(Map.of(), new LabelMap(16, 16, new byte[256])));
            assertTrue(size.getMessage().contains("32x32"), size.getMessage());
            try (TensorScope s = TensorScope.open()) {
                Map<String, Tensor> wrong = new LinkedHashMap<>();
                features.forEach((k, v) -> wrong.put(k, Ops.narrow(v, 0, 0, 1)));
                wrong.put("f8", Ops.zeros(DType.F32, Device.CPU, 1, 7, 8, 8));
                var shape = assertThrows(IllegalArgumentException.class, () -> trainer.add(wrong, truth.get(0)));
                assertTrue(shape.getMessage().contains("f8") && shape.getMessage().contains("6"), shape.getMessage());
            }
        }
        var ce = assertThrows(IllegalArgumentException.class, () -> new BigDatasetGanTask().trainer(
                spec(List.of("a", "b", "c"), Map.of("loss", "bce"), 1)));
        assertTrue(ce.getMessage().contains("two labels"), ce.getMessage());
    }

    @Test
    void byDefaultItTrainsOnTheBackbonesLevelsAndClassEmbedding() {
        dev.dgan.api.BackboneInfo info = new dev.dgan.api.BackboneInfo("b", "v", 32, 3, new dev.dgan.api.Conditioning.ClassLabels(10),
                60, 0, 0, TAPS, LEVELS);
        assertEquals(TAPS, new BigDatasetGanTask().defaultTaps(info));
        dev.dgan.api.BackboneInfo flat = new dev.dgan.api.BackboneInfo("flat", "v", 32, 3, new dev.dgan.api.Conditioning.ClassLabels(10),
                60, 0, 0, List.of(TAPS.get(0)), List.of());
        var none = assertThrows(IllegalArgumentException.class, () -> new BigDatasetGanTask().defaultTaps(flat));
        assertTrue(none.getMessage().contains("levels"), none.getMessage());
    }

    @Test
    void theBranchReadsTheLevelsOfItsTapsAndTheEmbedding() {
        LevelInputs in = BranchTrainer.inputs(spec(SMALL, 1));
        assertEquals(LEVELS, in.levels());
        assertEquals(List.of(8, 11, 3), List.of(in.channels(0), in.channels(1), in.channels(2)));
        assertEquals(FeatureTap.CLASS_EMBEDDING, in.embedding().name());
        // a tap left out of the spec drops out of its level; a level left empty disappears
        List<FeatureTap> some = List.of(TAPS.get(2), TAPS.get(3));
        LevelInputs partial = BranchTrainer.inputs(new TrainingSpec(some, 32, 32, LABELS, Map.of(), 1, Device.CPU, LEVELS));
        assertEquals(List.of(new TapLevel("mid", 16, List.of("f8", "f16"))), partial.levels());
        assertEquals(null, partial.embedding());
        var none = assertThrows(IllegalArgumentException.class, () -> BranchTrainer.inputs(
                new TrainingSpec(List.of(TAPS.get(0)), 32, 32, LABELS, Map.of(), 1, Device.CPU, LEVELS)));
        assertTrue(none.getMessage().contains("level"), none.getMessage());
    }

    @Test
    void anUntrainedBranchLabelsAndIsAPureFunctionOfItsSeed(@TempDir Path dir) throws Exception {
        try (Trainer a = new BigDatasetGanTask().trainer(spec(SMALL, 4)); Trainer b = new BigDatasetGanTask().trainer(spec(SMALL, 4));
             Interpreter x = a.untrained().interpreter(); Interpreter y = b.untrained().interpreter()) {
            assertEquals(SAMPLES, x.label(features).size());
            x.save(dir.resolve("x"));
            y.save(dir.resolve("y"));
            assertArrayEquals(Files.readAllBytes(dir.resolve("x/branch.safetensors")), Files.readAllBytes(dir.resolve("y/branch.safetensors")));
        }
    }
}
