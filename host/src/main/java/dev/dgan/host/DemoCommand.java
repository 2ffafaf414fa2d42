package dev.dgan.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.Backbone;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.host.annotate.AnnotationSet;
import dev.dgan.host.annotate.ImageSize;
import dev.dgan.host.annotate.MaskPng;
import dev.dgan.host.dataset.RunLog;
import dev.dgan.host.demo.OverlayGrid;
import dev.dgan.host.demo.RuleAnnotator;
import dev.dgan.host.eval.ConfusionMatrix;
import dev.dgan.host.eval.SegmentationScores;
import dev.dgan.host.generate.GenerateRun;
import dev.dgan.host.generate.SampleFiles;
import dev.dgan.host.generate.SampleClasses;
import dev.dgan.host.generate.Shard;
import dev.dgan.host.io.AtomicFiles;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.host.train.TrainRun;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
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
 * {@code dgan demo}: the whole loop on the bundled shapes generator. Train on its 16
 * rule-annotated samples, generate held-out labeled samples (seeds from 1000), and score the
 * generated labels against the rule annotator applied to the generated images.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train on the bundled demo's 16 annotated samples, generate labeled pairs from held-out seeds,",
                "and report the mIoU of the generated labels against the demo's rule annotator."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--count", defaultValue = "64", paramLabel = "N", description = "Labeled pairs to generate (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1000", paramLabel = "S",
            description = "First generation seed (default ${DEFAULT-VALUE}; the annotated samples used seeds 0-15).")
    long seed;

    @Option(names = "--models", defaultValue = "10", paramLabel = "N", description = "Ensemble size (default ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--filter", defaultValue = "0.1", paramLabel = "F", description = "Uncertain fraction to set aside (default ${DEFAULT-VALUE}).")
    double filter;

    @Override
    public Integer call() throws Exception {
        if (count < 1) throw new IllegalArgumentException("--count must be positive, got " + count);
        if (seed < 16) throw new IllegalArgumentException("--seed must be >= 16: seeds 0-15 are the annotated samples, not held out");
        Path demo = BundledDemo.directory();
        Device cpu = Device.CPU;
        dgan.torch();
        PrintWriter log = dgan.spec.commandLine().getErr();
        PrintWriter stdout = dgan.spec.commandLine().getOut();
        Path modelDir = out.resolve("model"), dataset = out.resolve("dataset");
        if (Files.exists(dataset)) throw new IllegalArgumentException(dataset + " exists: remove " + out + " or pass another --out");
        BackboneRef ref = BackboneRef.bundledDemo();
        AnnotationSet set = AnnotationSet.read(demo.resolve("annotations"), AnnotationSet.SEGMENTATION);
        Map<String, Object> report = new LinkedHashMap<>();
        try (PluginRegistry registry = dgan.plugins(); Backbone backbone = ref.load(registry, cpu)) {
            long t0 = System.nanoTime();
            TaskProvider segmentation = registry.task("segmentation");
            TrainRun.Options train = new TrainRun.Options(set, segmentation, segmentation.defaultTaps(backbone.info()),
                    Map.of("models", String.valueOf(models)), set.truncation(), 0, cpu, 0, modelDir);
            ModelInfo info = new TrainRun(backbone, ref.describe(backbone.info()), log).run(train);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "trained %d models in %.1f s -> %s%n", models, trainSeconds, modelDir);

            long t1 = System.nanoTime();
            StageTimes times = new StageTimes();
            GenerateRun.Summary summary;
            try (Interpreter interpreter = registry.task("segmentation").load(modelDir, cpu)) {
                LabelPipeline pipeline = new LabelPipeline(backbone, interpreter, info.truncation(), cpu, times);
                summary = new GenerateRun(backbone, interpreter, pipeline, times).run(new GenerateRun.Options(dataset, seed, count,
                        Shard.WHOLE, info.truncation(), filter, true, 8, SampleClasses.NONE, null), new ProgressBar(log, "generate", count, System.console() != null));
            }
            double generateSeconds = (System.nanoTime() - t1) / 1e9;

            SegmentationScores kept = score(dataset, info.labels(), false);
            SegmentationScores dropped = summary.dropped() > 0 ? score(dataset, info.labels(), true) : null;
            Path grid = out.resolve("grid.png");
            OverlayGrid.write(grid, keptPairs(dataset, 32), 4, 4);

            stdout.printf(Locale.ROOT, "demo: %d labeled pairs (%d kept, %d set aside as uncertain) in %s%n", summary.total(), summary.kept(),
                    summary.dropped(), dataset);
            stdout.printf(Locale.ROOT, "generated labels vs the rule annotator on held-out samples (seeds %d-%d):%n", seed, seed + count - 1);
            for (int c = 0; c < info.labels().size(); c++)
                stdout.printf(Locale.ROOT, "  IoU %-10s %.3f%n", info.labels().get(c), kept.iou(c));
            stdout.printf(Locale.ROOT, "  mIoU %.3f, pixel accuracy %.4f (kept samples)%n", kept.meanIou(), kept.pixelAccuracy());
            if (dropped != null) stdout.printf(Locale.ROOT, "  mIoU %.3f on the %d samples the filter set aside%n", dropped.meanIou(), summary.dropped());
            stdout.printf(Locale.ROOT, "time: training %.1f s, generating %.1f s (%.2f labeled pairs/s); overlay grid: %s%n", trainSeconds,
                    generateSeconds, summary.total() / generateSeconds, grid);

            report.put("annotatedSamples", set.samples().size());
            report.put("models", models);
            report.put("trainSeconds", trainSeconds);
            report.put("generated", summary.total());
            report.put("kept", summary.kept());
            report.put("filteredOut", summary.dropped());
            report.put("generateSeconds", generateSeconds);
            report.put("firstSeed", seed);
            report.put("keptVsRule", kept);
            report.put("filteredOutVsRule", dropped);
            report.put("stages", times.summary());
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(out.resolve("demo-report.json"), os -> json.writeValue(os, report));
        return 0;
    }

    /** The rule annotator read of every generated image (kept, or set aside) against the generated label. */
    private static SegmentationScores score(Path dataset, List<String> labels, boolean filteredOut) throws Exception {
        ConfusionMatrix matrix = new ConfusionMatrix(labels.size());
        RuleAnnotator rule = new RuleAnnotator();
        try (RunLog log = RunLog.open(GenerateRun.metadataFile(dataset, Shard.WHOLE))) {
            for (ObjectNode line : log.records()) {
                SampleFiles files = new SampleFiles(line.get(RunLog.INDEX).asInt());
                Path image = filteredOut ? SampleFiles.filtered(dataset, files.image()) : dataset.resolve(files.image());
                Path label = filteredOut ? SampleFiles.filtered(dataset, files.label()) : dataset.resolve(files.label());
                if (!Files.exists(image)) continue;
                BufferedImage rgb = ImageIO.read(image.toFile());
                LabelMap generated = MaskPng.read(label, new ImageSize(rgb.getWidth(), rgb.getHeight()), labels.size());
                matrix.add(rule.annotate(rgb), generated);
            }
        }
        return matrix.scores();
    }

    /** Image and label of the first {@code n} kept samples. */
    private static List<List<Path>> keptPairs(Path dataset, int n) throws Exception {
        List<List<Path>> pairs = new ArrayList<>();
        try (var files = Files.list(dataset.resolve("label"))) {
            files.sorted().limit(n).forEach(label -> pairs.add(List.of(dataset.resolve("image").resolve(label.getFileName()), label)));
        }
        return pairs;
    }
}
