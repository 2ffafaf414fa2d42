package dev.dgan.host.plugins;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.CocoForm;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task's code behind the guard: every object the task hands the host (model, trainer,
 * outputs, reader, metric) is guarded too, so a failure anywhere in a run is one line naming
 * the task's plugin and the call.
 */
class GuardedTaskTest {

    private static final PluginOrigin ORIGIN = new PluginOrigin("depth-tasks", "depth.jar", false);
    private static final String PREFIX = "plugin depth-tasks (depth.jar): task depth: ";

    /** A model whose label() fails with {@code failure}. */
    private static final class BrokenModel implements Interpreter {
        private final RuntimeException exception;
        private final Error error;

        BrokenModel(Throwable failure) {
            this.exception = failure instanceof RuntimeException r ? r : null;
            this.error = failure instanceof Error e ? e : null;
        }

        public String task() { return "depth"; }
        public List<String> labels() { return List.of("depth"); }
        public List<FeatureTap> taps() { return List.of(); }
        public int width() { return 8; }
        public int height() { return 8; }
        public List<Labeled> label(Map<String, Tensor> taps) {
            if (error != null) throw error;
            throw exception;
        }
        public void save(Path dir) { }
        public void close() { }
    }

    /** A task whose every part is in place but fails: outputs' write, the reader, the metric. */
    private static class DepthTask implements TaskProvider {
        Interpreter model = new BrokenModel(new NoClassDefFoundError("depth/Kernel"));
        Interpreter outputsGot;

        public String name() { return "depth"; }
        public String description() { return "depth maps"; }

        public AnnotationReader annotations() {
            return new AnnotationReader() {
                public String kind() { return "depth maps"; }
                public List<String> labels(Path dir, Optional<List<String>> listed) { return List.of("depth"); }
                public List<Path> candidates(AnnotatedFile sample) { return List.of(); }
                public Pattern fileNames() { return Pattern.compile("depth_\\d+\\.png"); }
                public String expected() { return "depth_NNNN.png"; }
                public Annotation read(Path file, AnnotatedFile sample, ImageSize size, List<String> labels) {
                    if (file.toString().contains("bad")) throw new AnnotationException(file + ": pixel (0, 0): expected a depth, got none");
                    String missing = null;
                    return new LabelMap(missing.length(), 1, new byte[1]);
                }
            };
        }

        public TaskOutputs outputs(Interpreter given) {
            outputsGot = given;
            return new TaskOutputs() {
                public List<Folder> folders() { return List.of(new Folder("depth", "png")); }
                public Map<String, Object> write(LabeledSample sample, SampleFolder folder) {
                    throw new IllegalStateException("depth map of the wrong type");
                }
                public CocoForm coco() {
                    return new CocoForm.ClassMaps((dataset, metadata) -> { throw new ClassCastException("not a map"); });
                }
            };
        }

        public Optional<CrossValidationMetric> crossValidation() {
            return Optional.of(new CrossValidationMetric() {
                public String name() { return "mean error"; }
                public Tally tally(List<String> labels) {
                    return new Tally() {
                        public void add(Annotation truth, Labeled predicted) { throw new ArithmeticException("/ by zero"); }
                        public double score() { return 0; }
                    };
                }
            });
        }

        public Trainer trainer(TrainingSpec spec) {
            return new Trainer() {
                public void add(Map<String, Tensor> taps, Annotation target) { }
                public Trained fit(TrainingListener listener) {
                    return new Trained(model, new TrainReport(0, List.of()));
                }
                public void close() { }
            };
        }

        public Interpreter load(Path dir, Device device) {
            return dir.toString().contains("empty") ? null : model;
        }
    }

    private static TaskProvider guarded(TaskProvider task) {
        return GuardedTaskProvider.register(task, ORIGIN);
    }

    @Test
    void aModelThatFailsToLabelIsNamedWithTheCall() throws Exception {
        Interpreter model = guarded(new DepthTask()).load(Path.of("model"), Device.CPU);
        PluginCallException e = assertThrows(PluginCallException.class, () -> model.label(Map.of()));
        assertEquals(PREFIX + "label failed: NoClassDefFoundError: depth/Kernel", e.getMessage());
        assertEquals("depth", model.task());
    }

    @Test
    void loadReturningNullIsOneLineSayingWhatWasExpected() {
        PluginCallException e = assertThrows(PluginCallException.class, () -> guarded(new DepthTask()).load(Path.of("empty"), Device.CPU));
        assertEquals(PREFIX + "load returned null, expected an Interpreter", e.getMessage());
    }

    @Test
    void theTrainedModelComesBackGuarded() {
        Trainer.Trained trained = guarded(new DepthTask()).trainer(null).fit(TrainingListener.NONE);
        assertEquals(PREFIX + "label failed: NoClassDefFoundError: depth/Kernel",
                assertThrows(PluginCallException.class, () -> trained.interpreter().label(Map.of())).getMessage());
    }

    @Test
    void writersGetTheTasksOwnModelAndTheirFailuresAreNamed() throws Exception {
        DepthTask task = new DepthTask();
        TaskProvider guarded = guarded(task);
        Interpreter model = guarded.load(Path.of("model"), Device.CPU);
        TaskOutputs outputs = guarded.outputs(model);
        assertSame(task.model, task.outputsGot, "the task must get back the model it made, not the host's wrapper");
        assertEquals(PREFIX + "write failed: IllegalStateException: depth map of the wrong type",
                assertThrows(PluginCallException.class, () -> outputs.write(null, null)).getMessage());
        CocoForm.ClassMaps coco = assertInstanceOf(CocoForm.ClassMaps.class, outputs.coco());
        assertEquals(PREFIX + "coco read failed: ClassCastException: not a map",
                assertThrows(PluginCallException.class, () -> coco.read().read(Path.of("dataset"), Map.of())).getMessage());
    }

    @Test
    void theReaderPassesAnnotationErrorsThroughAndBlamesItsOwnBugs() {
        AnnotationReader reader = guarded(new DepthTask()).annotations();
        AnnotationException bad = assertThrows(AnnotationException.class,
                () -> reader.read(Path.of("bad_0001.png"), null, null, List.of()));
        assertTrue(bad.getMessage().startsWith("bad_0001.png: pixel (0, 0)"), bad.getMessage());
        PluginCallException bug = assertThrows(PluginCallException.class, () -> reader.read(Path.of("depth_0001.png"), null, null, List.of()));
        assertTrue(bug.getMessage().startsWith(PREFIX + "read failed: NullPointerException"), bug.getMessage());
    }

    @Test
    void theCrossValidationTallyIsGuarded() {
        CrossValidationMetric.Tally tally = guarded(new DepthTask()).crossValidation().orElseThrow().tally(List.of("depth"));
        assertEquals(PREFIX + "tally add failed: ArithmeticException: / by zero",
                assertThrows(PluginCallException.class, () -> tally.add(null, null)).getMessage());
    }

    @Test
    void aTaskWhoseDefaultFlagFailsIsRefusedAtRegistration() {
        PluginCallException e = assertThrows(PluginCallException.class, () -> guarded(new DepthTask() {
            @Override
            public boolean isDefault() {
                throw new UnsupportedOperationException("undecided");
            }
        }));
        assertEquals("task depth: isDefault failed: UnsupportedOperationException: undecided", e.detail());
    }
}
