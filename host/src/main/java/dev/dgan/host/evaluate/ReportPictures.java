package dev.dgan.host.evaluate;

import dev.dgan.host.eval.SegmentationScores;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The pictures of a report. */
final class ReportPictures {
    private ReportPictures() {}

    static void confusion(Path file, SegmentationScores scores, List<String> names, String title) throws IOException {}

    static void strip(Path file, List<SegmenterEvaluation.Example> examples, List<String> names) throws IOException {}
}
