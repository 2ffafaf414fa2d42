package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.eval.SegmentationScores;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelAgreementTest {

    static final int V = LabelMap.VOID;

    static LabeledImage image(String name, int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) b[i] = (byte) labels[i];
        return new LabeledImage(name, new byte[3 * labels.length], new LabelMap(labels.length, 1, b));
    }

    @Test
    void knownIouWithAnEmptyClassAndVoidPixels() throws Exception {
        // reference row: 0 0 1 1 V 2 ; generated: 0 1 1 1 0 2
        // class 0: TP 1, FN 1 (ref 0 -> 1), FP 0 (the void pixel is not scored) -> 1/2
        // class 1: TP 2, FP 1 -> 2/3 ; class 2: 1/1 ; class 3: in neither -> NaN, left out of the mean
        LabeledSource generated = new DownstreamTest.ListSource(List.of(image("image/000001.png", 0, 1, 1, 1, 0, 2)));
        LabeledSource reference = new DownstreamTest.ListSource(List.of(image("000001.png", 0, 0, 1, 1, V, 2),
                image("000009.png", 1, 1, 1, 1, 1, 1)));

        LabelAgreement.Result r = LabelAgreement.measure(generated, reference, List.of("bg", "a", "b", "c"));
        SegmentationScores s = r.scores();

        assertEquals(1, r.matched());
        assertEquals(5, s.pixels());
        assertEquals(0.5, s.iou(0), 1e-12);
        assertEquals(2.0 / 3, s.iou(1), 1e-12);
        assertEquals(1.0, s.iou(2), 1e-12);
        assertTrue(Double.isNaN(s.iou(3)));
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, s.meanIou(), 1e-12);
        assertEquals(4.0 / 5, s.pixelAccuracy(), 1e-12);
    }

    @Test
    void unmatchedSamplesAreCountedAndNoMatchAtAllIsAnError() throws Exception {
        LabeledSource generated = new DownstreamTest.ListSource(List.of(image("image/000001.png", 0, 1), image("image/000002.png", 0, 1)));
        LabeledSource reference = new DownstreamTest.ListSource(List.of(image("000002.png", 0, 1)));
        LabelAgreement.Result r = LabelAgreement.measure(generated, reference, List.of());
        assertEquals(1, r.matched());
        assertEquals(1, r.unmatched());
        assertEquals(1.0, r.scores().meanIou(), 1e-12);

        LabeledSource elsewhere = new DownstreamTest.ListSource(List.of(image("other.png", 0, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelAgreement.measure(generated, elsewhere, List.of()));
        assertTrue(e.getMessage().contains("file name"), e.getMessage());
    }
}
