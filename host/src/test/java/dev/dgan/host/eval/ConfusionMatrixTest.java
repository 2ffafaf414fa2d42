package dev.dgan.host.eval;

import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {

    static final int VOID = LabelMap.VOID;

    static LabelMap map(int width, int height, int... labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) bytes[i] = (byte) labels[i];
        return new LabelMap(width, height, bytes);
    }

    // reference 0 0 1 / 1 2 void, prediction 0 1 1 / 2 2 0: five counted pixels, three right
    static final LabelMap REFERENCE = map(3, 2, 0, 0, 1, 1, 2, VOID);
    static final LabelMap PREDICTION = map(3, 2, 0, 1, 1, 2, 2, 0);

    @Test
    void countsRowsByReferenceAndColumnsByPrediction() {
        SegmentationScores scores = new ConfusionMatrix(3).add(REFERENCE, PREDICTION).scores();
        assertEquals(List.of(List.of(1L, 1L, 0L), List.of(0L, 1L, 1L), List.of(0L, 0L, 1L)), scores.matrix());
        assertEquals(5, scores.pixels(), "the void reference pixel is skipped");
        assertEquals(1, scores.count(0, 1));
        assertEquals(0, scores.count(1, 0));
    }

    @Test
    void scoresByHand() {
        SegmentationScores scores = new ConfusionMatrix(3).add(REFERENCE, PREDICTION).scores();
        // IoU = TP / (row + column - TP): class 0 1/(2+1-1), class 1 1/(2+2-1), class 2 1/(1+2-1)
        assertEquals(0.5, scores.iou(0), 1e-15);
        assertEquals(1.0 / 3.0, scores.iou(1), 1e-15);
        assertEquals(0.5, scores.iou(2), 1e-15);
        assertEquals((0.5 + 1.0 / 3.0 + 0.5) / 3, scores.meanIou(), 1e-15);
        assertEquals(3.0 / 5.0, scores.pixelAccuracy(), 1e-15);
    }

    @Test
    void classAbsentFromBothSidesIsNaNAndLeftOutOfTheMean() {
        SegmentationScores scores = new ConfusionMatrix(4).add(REFERENCE, PREDICTION).scores();
        assertTrue(Double.isNaN(scores.iou(3)));
        assertEquals((0.5 + 1.0 / 3.0 + 0.5) / 3, scores.meanIou(), 1e-15);
    }

    @Test
    void classOnlyPredictedScoresZeroAndCounts() {
        // reference all 0; prediction calls one pixel 1: IoU 0 = 3/4, IoU 1 = 0/1
        SegmentationScores scores = new ConfusionMatrix(2).add(map(2, 2, 0, 0, 0, 0), map(2, 2, 0, 1, 0, 0)).scores();
        assertEquals(0.75, scores.iou(0));
        assertEquals(0.0, scores.iou(1));
        assertEquals(0.375, scores.meanIou());
        assertEquals(0.75, scores.pixelAccuracy());
    }

    @Test
    void voidPredictionIsSkippedToo() {
        SegmentationScores scores = new ConfusionMatrix(2).add(map(2, 1, 0, 1), map(2, 1, VOID, 1)).scores();
        assertEquals(1, scores.pixels());
        assertEquals(1, scores.count(1, 1));
        assertTrue(Double.isNaN(scores.iou(0)));
        assertEquals(1.0, scores.meanIou());
    }

    @Test
    void accumulatesOverPairs() {
        ConfusionMatrix matrix = new ConfusionMatrix(3).add(REFERENCE, PREDICTION).add(REFERENCE, REFERENCE);
        assertEquals(10, matrix.scores().pixels());
        assertEquals(1 + 2, matrix.count(0, 0));
        assertEquals(1, matrix.count(0, 1));
        assertEquals(8.0 / 10.0, matrix.scores().pixelAccuracy(), 1e-15);
    }

    @Test
    void emptyMatrixHasNoScores() {
        SegmentationScores scores = new ConfusionMatrix(2).scores();
        assertEquals(0, scores.pixels());
        assertTrue(Double.isNaN(scores.pixelAccuracy()));
        assertTrue(Double.isNaN(scores.meanIou()));
    }

    @Test
    void rejectsMismatchedSizesAndUnknownIdsLeavingTheCountsAlone() {
        ConfusionMatrix matrix = new ConfusionMatrix(3).add(REFERENCE, PREDICTION);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> matrix.add(map(3, 2, 0, 0, 0, 0, 0, 0), map(2, 3, 0, 0, 0, 0, 0, 0)));
        assertTrue(size.getMessage().contains("3x2") && size.getMessage().contains("2x3"), size.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> matrix.add(map(2, 1, 0, 0), map(2, 1, 0, 3)));
        assertTrue(id.getMessage().contains("prediction label 3 at (1, 0)"), id.getMessage());
        assertThrows(IllegalArgumentException.class, () -> matrix.add(map(1, 1, 7), map(1, 1, 0)));
        assertEquals(5, matrix.scores().pixels(), "rejected pairs add nothing");
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(256));
    }

    @Test
    void scoresWriteAsJson() throws Exception {
        SegmentationScores scores = new ConfusionMatrix(4).add(REFERENCE, PREDICTION).scores();
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(json.writeValueAsString(scores));
        assertEquals(4, tree.get("classes").asInt());
        assertEquals(0.6, tree.get("pixelAccuracy").asDouble(), 1e-15);
        assertEquals("NaN", tree.get("iou").get(3).asText());
        assertEquals(1, tree.get("matrix").get(1).get(2).asLong());
    }
}
