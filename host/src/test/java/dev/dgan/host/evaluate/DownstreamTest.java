package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class DownstreamTest {

    static final SegmenterTraining.Settings QUICK = new SegmenterTraining.Settings(200, 8, 3e-3, Augmentation.NONE, 7, 16);

    @Test
    void learnsTheTinyWorldAndScoresItOnHeldOutImages(@TempDir Path dir) throws IOException {
        LabeledSource train = LabeledSources.open(TinyWorld.writePairs(dir.resolve("train"), 0, 24), LabeledSources.Selection.ALL);
        LabeledSource test = LabeledSources.open(TinyWorld.writePairs(dir.resolve("test"), 1000, 12), LabeledSources.Selection.ALL);

        Downstream.Run run = Downstream.run("tiny", train, test, 4, QUICK, Device.CPU, 3, SegmenterTraining.Listener.SILENT);

        SegmentationScores s = run.outcome().test();
        assertEquals(12L * 16 * 16, s.pixels());
        assertTrue(s.iou(1) > 0.9, "red squares IoU " + s.iou(1));
        assertTrue(s.iou(2) > 0.7, "blue squares IoU " + s.iou(2));
        assertTrue(Double.isNaN(s.iou(3)), "a class no image holds and the network never predicts has no IoU");
        assertEquals((s.iou(0) + s.iou(1) + s.iou(2)) / 3, s.meanIou(), 1e-12);
        assertEquals(3, run.evaluation().examples().size());
        assertEquals(24, run.outcome().images());
    }

    @Test
    void theSameSeedGivesTheSameNetworkAndScores(@TempDir Path dir) throws IOException {
        LabeledSource train = LabeledSources.open(TinyWorld.writePairs(dir.resolve("train"), 0, 8), LabeledSources.Selection.ALL);
        LabeledSource test = LabeledSources.open(TinyWorld.writePairs(dir.resolve("test"), 500, 4), LabeledSources.Selection.ALL);
        SegmenterTraining.Settings s = new SegmenterTraining.Settings(20, 4, 3e-3, Augmentation.DEFAULT, 3, 8);

        Downstream.Outcome a = Downstream.run("a", train, test, 3, s, Device.CPU, 0, SegmenterTraining.Listener.SILENT).outcome();
        Downstream.Outcome b = Downstream.run("b", train, test, 3, s, Device.CPU, 0, SegmenterTraining.Listener.SILENT).outcome();
        SegmenterTraining.Settings other = new SegmenterTraining.Settings(20, 4, 3e-3, Augmentation.DEFAULT, 4, 8);
        Downstream.Outcome c = Downstream.run("c", train, test, 3, other, Device.CPU, 0, SegmenterTraining.Listener.SILENT).outcome();

        assertEquals(a.finalLoss(), b.finalLoss());
        assertEquals(a.test().matrix(), b.test().matrix());
        assertTrue(a.finalLoss() != c.finalLoss(), "another seed trains another network");
    }

    @Test
    void voidTruthPixelsAreNotScored(@TempDir Path dir) throws IOException {
        LabeledSource train = LabeledSources.open(TinyWorld.writePairs(dir.resolve("train"), 0, 8), LabeledSources.Selection.ALL);
        LabeledImage half = TinyWorld.draw(77);
        byte[] labels = half.labels().labels().clone();
        for (int i = 0; i < labels.length / 2; i++) labels[i] = (byte) LabelMap.VOID;
        LabeledSource test = new ListSource(List.of(new LabeledImage("half", half.rgb(), new LabelMap(16, 16, labels))));
        SegmenterTraining.Settings s = new SegmenterTraining.Settings(5, 4, 3e-3, Augmentation.NONE, 1, 8);

        SegmentationScores scores = Downstream.run("v", train, test, 3, s, Device.CPU, 0, SegmenterTraining.Listener.SILENT).outcome().test();

        assertEquals(128, scores.pixels());
    }

    @Test
    void aTestLabelBeyondTheClassesIsNamed(@TempDir Path dir) throws IOException {
        LabeledSource train = LabeledSources.open(TinyWorld.writePairs(dir.resolve("train"), 0, 4), LabeledSources.Selection.ALL);
        LabeledImage bad = TinyWorld.draw(5);
        byte[] labels = bad.labels().labels().clone();
        labels[0] = 9;
        LabeledSource test = new ListSource(List.of(new LabeledImage("bad.png", bad.rgb(), new LabelMap(16, 16, labels))));
        SegmenterTraining.Settings s = new SegmenterTraining.Settings(2, 2, 3e-3, Augmentation.NONE, 1, 8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Downstream.run("x", train, test, 3, s, Device.CPU, 0, SegmenterTraining.Listener.SILENT));
        assertTrue(e.getMessage().contains("bad.png") && e.getMessage().contains("label 9"), e.getMessage());
    }

    /** Labeled images held in memory. */
    record ListSource(List<LabeledImage> images) implements LabeledSource {
        public String describe() {
            return "in-memory images";
        }

        public int size() {
            return images.size();
        }

        public LabeledImage load(int index) {
            return images.get(index);
        }

        public List<String> classNames() {
            return List.of();
        }
    }
}
