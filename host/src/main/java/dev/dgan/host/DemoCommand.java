package dev.dgan.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.Backbone;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.host.annotate.AnnotationSet;
import dev.dgan.host.demo.DemoComparison;
import dev.dgan.host.demo.OverlayGrid;
import dev.dgan.host.demo.RuleScores;
import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.host.evaluate.ClassNaming;
import dev.dgan.host.evaluate.Downstream;
import dev.dgan.host.evaluate.EvaluationReport;
import dev.dgan.host.evaluate.LabeledSource;
import dev.dgan.host.evaluate.LabeledSources;
import dev.dgan.host.evaluate.SegmenterTraining;
import dev.dgan.host.generate.DatasetFormats;
import dev.dgan.host.generate.GenerateRun;
import dev.dgan.host.generate.RunSpec;
import dev.dgan.host.generate.SampleClasses;
import dev.dgan.host.generate.Shard;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.host.io.OutputDirectory;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.train.CrossValidation;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.host.train.TrainRun;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dgan demo}: the whole loop on the bundled critters generator, measured three ways. Train
 * on its 16 rule-annotated samples (cross-validated), generate held-out labeled samples (seeds
 * from 1000) and score them against the rule annotator, then train a downstream segmentation
 * network on the generated pairs and test it on the bundle's real images with exact ground truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train on the bundled demo's 16 annotated samples, generate labeled pairs from held-out seeds, and report:"
                + " the interpreter's cross-validated mIoU, the generated labels' mIoU against the demo's rule annotator, and the"
                + " mIoU of a segmentation network trained on the generated pairs, tested on real images with ground truth.",
                "--full adds DatasetGAN's comparison (16 annotated GAN samples, 16 real, N generated, N filtered, N real)."})
final class DemoCommand implements Callable<Integer> {

    /** The demo's dataset: the sample files and semantic COCO. */
    private static final DatasetFormats DEMO_FORMATS = DatasetFormats.parse(List.of("coco"), 1000);

    @ParentCommand
    Dgan dgan;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--count", defaultValue = "256", paramLabel = "N", description = "Labeled pairs to generate (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1000", paramLabel = "S",
            description = "First generation seed (default ${DEFAULT-VALUE}; the annotated samples used seeds 0-15).")
    long seed;

    @Option(names = "--models", defaultValue = "10", paramLabel = "N", description = "Ensemble size (default ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--filter", defaultValue = "0.1", paramLabel = "F", description = "Uncertain fraction to set aside (default ${DEFAULT-VALUE}).")
    double filter;

    @Option(names = "--cv", defaultValue = "4", paramLabel = "K", description = "Cross-validation folds over the annotations (0: none; default ${DEFAULT-VALUE}).")
    int cv;

    @Option(names = "--steps", defaultValue = "600", paramLabel = "N", description = "Training steps of the downstream network (default ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    DeviceOption device;

    @Mixin
    PrecisionOption precision;

    @Option(names = "--full", description = "Also DatasetGAN's comparison of training sets (a)-(e), written to comparison.md.")
    boolean full;

    @Override
    public Integer call() throws Exception {
        Precision prec = precision.parse();
        if (count < 2) throw new IllegalArgumentException("--count must be at least 2, got " + count);
        if (seed < 16) throw new IllegalArgumentException("--seed must be >= 16: seeds 0-15 are the annotated samples, not held out");
        OutputDirectory.check(out, "--out");
        Path demo = BundledDemo.directory();
        Device runOn = device.device(dgan.torch());
        PrecisionOption.configure(prec);
        PrintWriter log = dgan.spec.commandLine().getErr();
        PrintWriter stdout = dgan.spec.commandLine().getOut();
        Path modelDir = out.resolve("model"), dataset = out.resolve("dataset");
        if (Files.exists(dataset)) throw new IllegalArgumentException(dataset + " exists: remove " + out + " or pass another --out");
        BackboneRef ref = BackboneRef.bundledDemo();
        DemoSetup setup = DemoSetup.read(demo);
        Map<String, Object> report = new LinkedHashMap<>();
        ModelInfo info;
        GenerateRun.Summary summary;
        double trainSeconds, generateSeconds;
        StageTimes times = new StageTimes();
        AnnotationSet set;
        List<String> names;
        try (PluginRegistry registry = dgan.plugins(); Backbone backbone = ref.load(registry, runOn)) {
            long t0 = System.nanoTime();
            TaskProvider task = registry.task(setup.task());
            set = AnnotationSet.read(demo.resolve("annotations"), task.annotations());
            names = set.labels();
            Map<String, String> taskOptions = new LinkedHashMap<>(setup.taskOptions());
            taskOptions.put("models", String.valueOf(models));
            TrainRun.Options train = new TrainRun.Options(set, task, task.defaultTaps(backbone.info()),
                    taskOptions, set.truncation(), 0, runOn, cv, modelDir);
            info = new TrainRun(backbone, ref.describe(backbone.info()), log).run(train);
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "trained %d models%s in %.1f s -> %s%n", models, cv > 0 ? " and " + cv + " cross-validation folds" : "",
                    trainSeconds, modelDir);

            long t1 = System.nanoTime();
            try (Interpreter interpreter = task.load(modelDir, runOn, prec)) {
                LabelPipeline pipeline = new LabelPipeline(backbone, interpreter, runOn, times);
                // recorded as dgan generate records its runs, so a later generate into this folder resumes it or is refused
                Files.createDirectories(dataset);
                RunSpec.of(modelDir.toAbsolutePath().normalize().toString(), info.task(), seed, count, Shard.WHOLE, info.truncation(), filter,
                        DEMO_FORMATS.list(), SampleClasses.NONE, prec.cliName()).writeOrCheck(dataset.resolve("run.json"));
                summary = new GenerateRun(backbone, interpreter, task.outputs(interpreter), pipeline, times).run(new GenerateRun.Options(dataset, seed, count,
                        Shard.WHOLE, info.truncation(), filter, DEMO_FORMATS, 8, SampleClasses.NONE, null), new ProgressBar(log, "generate", count, System.console() != null));
            }
            generateSeconds = (System.nanoTime() - t1) / 1e9;
        }
        OverlayGrid.write(out.resolve("grid.png"), keptPairs(dataset, 32, seed), 4, 4, names);
        SegmentationScores kept = RuleScores.score(dataset, names.size(), false);
        SegmentationScores dropped = summary.dropped() > 0 ? RuleScores.score(dataset, names.size(), true) : null;

        Path evaluation = out.resolve("evaluation");
        Files.createDirectories(evaluation);
        LabeledSource generated = LabeledSources.open(dataset, LabeledSources.Selection.KEPT);
        LabeledSource test = LabeledSources.open(demo.resolve("test"), LabeledSources.Selection.ALL);
        EvaluationReport evaluationReport = EvaluationReport.create(evaluation, names, generated.describe());
        evaluationReport.describeDataset(generated);
        evaluationReport.classCount(List.of(generated), test);
        SegmenterTraining.Settings settings = new SegmenterTraining.Settings(steps, 8, 2e-3,
                dev.dgan.host.evaluate.Augmentation.DEFAULT, 0, 0);
        long t2 = System.nanoTime();
        log.printf(Locale.ROOT, "training the downstream network on the %d kept generated pairs (%d steps)%n", generated.size(), steps);
        log.flush();
        Downstream.Run downstream = Downstream.run("generated", generated, test, names.size(), settings, runOn, 8, SegmenterTraining.Listener.SILENT);
        evaluationReport.downstream(downstream);
        double downstreamSeconds = (System.nanoTime() - t2) / 1e9;

        stdout.printf(Locale.ROOT, "demo: %d labeled pairs (%d kept, %d set aside as uncertain) in %s%n", summary.total(), summary.kept(),
                summary.dropped(), dataset);
        if (info.crossValidation() instanceof CrossValidation.Result r && r.pooled() instanceof SegmentationScores pooled)
            ClassNaming.print(stdout, String.format(Locale.ROOT, "1. interpreter, %d-fold cross-validation on the 16 annotations", r.folds()),
                    pooled, names);
        ClassNaming.print(stdout, String.format(Locale.ROOT, "2. generated labels vs the rule annotator, held-out seeds %d-%d (kept samples)",
                seed, seed + count - 1), kept, names);
        if (dropped != null) stdout.printf(Locale.ROOT, "   mIoU %.3f on the %d samples the filter set aside%n", dropped.meanIou(), summary.dropped());
        ClassNaming.print(stdout, String.format(Locale.ROOT, "3. downstream network trained on the %d kept generated pairs, tested on %d real images",
                generated.size(), test.size()), downstream.outcome().test(), names);
        stdout.printf(Locale.ROOT, "time: training %.1f s, generating %.1f s (%.2f labeled pairs/s, %s), downstream %.1f s%n", trainSeconds,
                generateSeconds, summary.total() / generateSeconds, PrecisionOption.describe(prec, runOn), downstreamSeconds);

        report.put("annotatedSamples", set.samples().size());
        report.put("device", runOn.toString());
        report.put("models", models);
        report.put("trainSeconds", trainSeconds);
        report.put("crossValidation", info.crossValidation());
        report.put("generated", summary.total());
        report.put("kept", summary.kept());
        report.put("filteredOut", summary.dropped());
        report.put("generateSeconds", generateSeconds);
        report.put("precision", prec.cliName());
        report.put("firstSeed", seed);
        report.put("keptVsRule", kept);
        report.put("filteredOutVsRule", dropped);
        report.put("downstream", downstream.outcome());
        report.put("downstreamSeconds", downstreamSeconds);
        report.put("stages", times.summary());
        if (full) {
            List<DemoComparison.Row> rows = DemoComparison.run(demo, dataset, names.size(), settings, runOn, evaluationReport, log);
            String table = DemoComparison.table(rows, names);
            DemoComparison.writeTable(out.resolve("comparison.md"), table);
            stdout.println("DatasetGAN's comparison: the same network and training budget, tested on the real test images");
            stdout.print(table);
            report.put("comparison", rows);
        }
        evaluationReport.write();
        stdout.printf(Locale.ROOT, "pictures: %s (generated pairs), %s (confusion matrices, test predictions, dataset statistics)%n",
                out.resolve("grid.png"), evaluation);
        stdout.flush();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(out.resolve("demo-report.json"), os -> json.writeValue(os, report));
        return 0;
    }

    /** Image and label of the first {@code n} kept samples, captioned with their seeds (sample i has seed firstSeed + i). */
    private static List<OverlayGrid.Tile> keptPairs(Path dataset, int n, long firstSeed) throws Exception {
        List<OverlayGrid.Tile> tiles = new ArrayList<>();
        try (var files = Files.list(dataset.resolve("label"))) {
            for (Path label : files.sorted().limit(n).toList()) {
                String name = label.getFileName().toString();
                long index = Long.parseLong(name.substring(0, name.indexOf('.')));
                tiles.add(new OverlayGrid.Tile(List.of(dataset.resolve("image").resolve(name), label), "seed " + (firstSeed + index)));
            }
        }
        return tiles;
    }
}
