package dev.dgan.host.train;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.tasks.segmentation.MeanIou;
import dev.dgan.host.annotate.AnnotatedSample;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CrossValidationTest {

    private static AnnotatedSample sample(int i, byte... labels) {
        return new AnnotatedSample(i, (long) i, i, Path.of("sample_" + i + ".png"), new LabelMap(labels.length, 1, labels));
    }

    @Test
    void foldsPartitionTheSamplesRoundRobin() {
        List<AnnotatedSample> s = new ArrayList<>();
        for (int i = 0; i < 7; i++) s.add(sample(i, (byte) 0));
        var folds = CrossValidation.folds(s, 3);
        assertEquals(List.of(0, 3, 6), folds.get(0).stream().map(AnnotatedSample::index).toList());
        assertEquals(List.of(2, 5), folds.get(2).stream().map(AnnotatedSample::index).toList());
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.folds(s, 1));
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.folds(s, 8));
    }

    @Test
    void segmentationFoldsAreScoredByMeanIou() {
        var scorer = new CrossValidation.Scorer(new MeanIou(), List.of("background", "object"));
        scorer.startFold();
        AnnotatedSample a = sample(0, (byte) 0, (byte) 1, (byte) 1, (byte) 0);
        scorer.add(a, new Labeled.Segmentation(new LabelMap(4, 1, new byte[] {0, 1, 0, 0}), 0));
        // background: 2 right of 3 in either -> IoU 2/3; class 1: 1 of 2 -> 1/2
        assertEquals((2.0 / 3 + 0.5) / 2, scorer.foldScore(), 1e-12);
        assertEquals("mIoU", scorer.metric());
    }
}
