package dev.dgan.api;

import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskProviderTest {

    static final TaskProvider PIXELS = new TaskProvider() {
        public String name() { return "pixels"; }
        public String description() { return ""; }
        public Trainer trainer(TrainingSpec spec) { throw new UnsupportedOperationException(); }
        public Interpreter load(Path modelDir, Device device) { throw new UnsupportedOperationException(); }
        public AnnotationReader annotations() { throw new UnsupportedOperationException(); }
        public TaskOutputs outputs(Interpreter model) { throw new UnsupportedOperationException(); }
    };

    static BackboneInfo backbone(List<FeatureTap> taps) {
        return new BackboneInfo("b", "v", 64, 3, new Conditioning.ClassLabels(10), 60, 0, 0, taps);
    }

    @Test
    void byDefaultATaskTrainsOnEverySpatialTap() {
        List<FeatureTap> taps = List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 32, 1), new FeatureTap("f4", 64, 4),
                new FeatureTap("f64", 8, 64));
        assertEquals(taps.subList(1, 3), PIXELS.defaultTaps(backbone(taps)));
        var none = assertThrows(IllegalArgumentException.class,
                () -> PIXELS.defaultTaps(backbone(List.of(new FeatureTap(FeatureTap.CLASS_EMBEDDING, 32, 1)))));
        assertTrue(none.getMessage().contains("no spatial feature taps") && none.getMessage().contains("pixels"), none.getMessage());
    }

    @Test
    void aTaskIsNotTheDefaultNorCrossValidatedUnlessItSaysSo() {
        assertTrue(!PIXELS.isDefault() && PIXELS.crossValidation().isEmpty() && PIXELS.options().isEmpty());
    }
}
