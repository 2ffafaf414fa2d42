package dev.dgan.host.demo;

import dev.dgan.host.evaluate.Downstream;
import dev.dgan.host.evaluate.EvaluationReport;
import dev.dgan.host.evaluate.FirstImages;
import dev.dgan.host.evaluate.LabeledSource;
import dev.dgan.host.evaluate.LabeledSources;
import dev.dgan.host.evaluate.SegmenterTraining;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DatasetGAN's comparison on the demo world: the same downstream network, trained with the same
 * budget on (a) the 16 annotated GAN samples, (b) 16 real labeled images, (c) N generated pairs,
 * (d) the generated pairs the uncertainty filter kept, (e) N real labeled images (the upper
 * bound), all tested on the same real test images with exact ground truth. A last row (f)
 * trains on the generated images labeled by the rule annotator itself: the most any
 * interpreter could reach from these images, so (e) - (f) is what the generator costs and
 * (f) - (c) what the interpreter costs.
 */
public final class DemoComparison {

    public record Row(String key, String trainingSet, Downstream.Outcome outcome) {}

    private record TrainingSet(String key, String title, LabeledSource source) {}

    private DemoComparison() {}

    public static List<Row> run(Path demo, Path dataset, int classes, SegmenterTraining.Settings settings, Device device,
                                EvaluationReport report, PrintWriter log) throws IOException {
        LabeledSource test = LabeledSources.open(demo.resolve("test"), LabeledSources.Selection.ALL);
        LabeledSource realTrain = LabeledSources.open(demo.resolve("real-train"), LabeledSources.Selection.ALL);
        LabeledSource annotated = LabeledSources.open(demo.resolve("annotations"), LabeledSources.Selection.ALL);
        LabeledSource all = LabeledSources.open(dataset, LabeledSources.Selection.ALL);
        LabeledSource kept = LabeledSources.open(dataset, LabeledSources.Selection.KEPT);
        int n = Math.min(all.size(), realTrain.size());
        List<TrainingSet> sets = List.of(
                new TrainingSet("a", "16 annotated GAN samples", annotated),
                new TrainingSet("b", "16 real labeled images", new FirstImages(realTrain, Math.min(16, realTrain.size()))),
                new TrainingSet("c", all.size() + " generated pairs", all),
                new TrainingSet("d", kept.size() + " generated pairs kept by the uncertainty filter", kept),
                new TrainingSet("e", n + " real labeled images (upper bound)", new FirstImages(realTrain, n)),
                new TrainingSet("f", all.size() + " generated images labeled by the rule itself (what a perfect interpreter would give)",
                        new RuleLabeled(all)));
        List<Row> rows = new ArrayList<>();
        for (TrainingSet set : sets) {
            log.printf(Locale.ROOT, "(%s) training the downstream network on %s%n", set.key(), set.title());
            log.flush();
            Downstream.Run run = Downstream.run(set.key(), set.source(), test, classes, settings, device, 8, SegmenterTraining.Listener.SILENT);
            report.downstream(run);
            rows.add(new Row(set.key(), set.title(), run.outcome()));
        }
        return rows;
    }

    /** The comparison as a Markdown table, one row per training set, IoU per class and the mean. */
    public static String table(List<Row> rows, List<String> names) {
        StringBuilder t = new StringBuilder("| | downstream network trained on | ");
        for (String name : names) t.append(name).append(" | ");
        t.append("mIoU |\n|---|---|");
        t.append("---:|".repeat(names.size() + 1)).append('\n');
        for (Row r : rows) {
            t.append("| (").append(r.key()).append(") | ").append(r.trainingSet()).append(" | ");
            for (int c = 0; c < names.size(); c++) t.append(String.format(Locale.ROOT, "%.3f | ", r.outcome().test().iou(c)));
            t.append(String.format(Locale.ROOT, "%.3f |%n", r.outcome().test().meanIou()));
        }
        return t.toString();
    }

    public static void writeTable(Path file, String table) throws IOException {
        AtomicFiles.write(file, table.getBytes(StandardCharsets.UTF_8));
    }
}
