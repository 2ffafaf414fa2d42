package dev.dgan.host.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class EvaluationReportTest {

    @Test
    void writesScoresPicturesAndStatisticsForEveryMeasurement(@TempDir Path dir) throws Exception {
        LabeledSource data = LabeledSources.open(TinyWorld.writePairs(dir.resolve("data"), 0, 6), LabeledSources.Selection.ALL);
        LabeledSource test = LabeledSources.open(TinyWorld.writePairs(dir.resolve("test"), 100, 3), LabeledSources.Selection.ALL);
        Path out = Files.createDirectories(dir.resolve("report"));
        EvaluationReport report = EvaluationReport.create(out, List.of("background", "red"), data.describe());

        report.describeDataset(data);
        report.agreement(data, data);
        int classes = report.classCount(List.of(data), test);
        SegmenterTraining.Settings s = new SegmenterTraining.Settings(3, 2, 1e-3, Augmentation.NONE, 0, 8);
        report.downstream(Downstream.run("dataset", data, test, classes, s, Device.CPU, 2, SegmenterTraining.Listener.SILENT));
        report.write();

        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertEquals(List.of("background", "red", "class 2"), List.of(json.at("/classes/0").asText(), json.at("/classes/1").asText(),
                json.at("/classes/2").asText()), "declared names, padded to the ids the labels hold");
        assertEquals(1.0, json.at("/labelsVsReference/scores/meanIou").asDouble(), 1e-12, "a dataset agrees with itself");
        assertEquals(6, json.at("/labelsVsReference/matchedSamples").asInt());
        assertEquals(3L * 16 * 16, json.at("/downstream/dataset/test/pixels").asLong());
        assertEquals(3, json.at("/downstream/dataset/test/confusionMatrix/pixels").size());
        assertEquals(6, json.at("/statistics/images").asInt());
        for (String file : List.of("stats.json", "stats.png", "confusion-labels-vs-reference.png", "labels-vs-reference.png",
                "confusion-dataset.png", "predictions-dataset.png"))
            assertTrue(Files.size(out.resolve(file)) > 100, file);
    }
}
