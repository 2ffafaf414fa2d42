package dev.dgan.host.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.api.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything {@code dgan evaluate} finds, gathered into {@code evaluation.json} and pictures in
 * one folder: downstream scores per training set (with a confusion heat map and a strip of test
 * predictions each), label agreement with a reference, and dataset statistics.
 */
public final class EvaluationReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path out;
    private final List<String> declaredNames;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Downstream.Outcome> downstream = new ArrayList<>();
    private List<String> names;
    private SegmentationScores agreement;

    private EvaluationReport(Path out, List<String> declaredNames, String dataset) {
        this.out = out;
        this.declaredNames = List.copyOf(declaredNames);
        this.names = this.declaredNames;
        json.put("dataset", dataset);
    }

    public static EvaluationReport create(Path out, List<String> declaredNames, String dataset) {
        return new EvaluationReport(out, declaredNames, dataset);
    }

    /** Classes the downstream network predicts: the declared names, or as many as the labels need. */
    public int classCount(List<LabeledSource> train, LabeledSource test) throws IOException {
        int count = declaredNames.size();
        for (LabeledSource s : train) count = Math.max(count, Downstream.classesOf(s, test));
        names = ClassNaming.complete(declaredNames, count);
        json.put("classes", names);
        return count;
    }

    public void describeDataset(LabeledSource data) throws IOException {
        var stats = DatasetDescription.write(data, names, out);
        json.put("statistics", Map.of("file", "stats.json", "picture", "stats.png", "images", stats.images()));
    }

    /** Generated labels against reference labels of the same samples, matched by file name. */
    public void agreement(LabeledSource generated, LabeledSource reference) throws IOException {
        LabelAgreement.Result result = LabelAgreement.measure(generated, reference, declaredNames);
        names = ClassNaming.complete(names, result.scores().classes());
        agreement = result.scores();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("reference", reference.describe());
        section.put("matchedSamples", result.matched());
        section.put("unmatchedSamples", result.unmatched());
        section.put("scores", ClassNaming.named(result.scores(), names));
        json.put("labelsVsReference", section);
        ReportPictures.confusion(out.resolve("confusion-labels-vs-reference.png"), result.scores(), names);
        ReportPictures.strip(out.resolve("labels-vs-reference.png"), result.examples(), names);
    }

    public void downstream(Downstream.Run run) throws IOException {
        Downstream.Outcome o = run.outcome();
        downstream.add(o);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("trainedOn", o.trainedOn());
        section.put("images", o.images());
        section.put("parameters", o.parameters());
        section.put("finalLoss", o.finalLoss());
        section.put("trainSeconds", o.trainSeconds());
        section.put("testSeconds", o.testSeconds());
        section.put("test", ClassNaming.named(o.test(), names));
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) json.computeIfAbsent("downstream", k -> new LinkedHashMap<String, Object>());
        all.put(o.name(), section);
        ReportPictures.confusion(out.resolve("confusion-" + o.name() + ".png"), o.test(), names);
        ReportPictures.strip(out.resolve("predictions-" + o.name() + ".png"), run.evaluation().examples(), names);
    }

    public void write() throws IOException {
        AtomicFiles.write(out.resolve("evaluation.json"), os -> JSON.writeValue(os, json));
    }

    public void print(PrintWriter w) {
        if (agreement != null) ClassNaming.print(w, "generated labels vs reference", agreement, names);
        for (Downstream.Outcome o : downstream)
            ClassNaming.print(w, String.format(Locale.ROOT, "downstream, trained on %s (%d images), on the test images", o.name(), o.images()),
                    o.test(), names);
        w.printf(Locale.ROOT, "report: %s%n", out.resolve("evaluation.json"));
        w.flush();
    }
}
