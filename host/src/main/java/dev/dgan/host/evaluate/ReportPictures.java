package dev.dgan.host.evaluate;

import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.host.eval.report.ConfusionHeatMap;
import dev.dgan.host.eval.report.PredictionSample;
import dev.dgan.host.eval.report.PredictionStrip;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The pictures of an evaluation report, drawn from what the evaluation kept. */
final class ReportPictures {

    private ReportPictures() {}

    static void confusion(Path file, SegmentationScores scores, List<String> names) throws IOException {
        ConfusionHeatMap.write(file, scores, names.subList(0, scores.classes()));
    }

    /** Test images with truth and prediction side by side; nothing when no example was kept. */
    static void strip(Path file, List<SegmenterEvaluation.Example> examples, List<String> names) throws IOException {
        if (examples.isEmpty()) return;
        List<PredictionSample> samples = examples.stream()
                .map(e -> new PredictionSample(e.truth().toImage(), e.truth().labels(), e.prediction())).toList();
        PredictionStrip.write(file, samples, names);
    }
}
