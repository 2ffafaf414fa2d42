package dev.dgan.host;

import dev.dgan.api.annotate.LabelNames;
import dev.dgan.host.evaluate.Augmentation;
import dev.dgan.host.evaluate.Downstream;
import dev.dgan.host.evaluate.EvaluationReport;
import dev.dgan.host.evaluate.LabeledSource;
import dev.dgan.host.evaluate.LabeledSources;
import dev.dgan.host.evaluate.SegmenterTraining;
import dev.dgan.host.io.OutputDirectory;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dgan evaluate}: how good a labeled dataset is, measured as DatasetGAN is judged: a
 * segmentation network trained only on it, tested on real images with ground truth. Also the
 * agreement of generated labels with a reference annotation, and dataset statistics.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Train a downstream segmentation network (a small U-Net) on a labeled dataset and test it on real images"
                + " with ground truth; or compare generated labels with a reference annotation (--labels-vs); or only describe"
                + " the dataset (--stats-only). Writes evaluation.json, confusion matrices, prediction strips and dataset statistics.",
                "Folders: a dataset dgan generate wrote, image/ + label/ subfolders, image_X + label_X or sample_X + mask_X pairs"
                + " (index PNGs, 255 = void), or a COCO .json file."})
final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "The labeled dataset to evaluate (training set of the downstream network).")
    Path dataset;

    @Option(names = "--test", paramLabel = "DIR", description = "Real images with ground-truth masks to test on.")
    Path test;

    @Option(names = "--train-real", paramLabel = "DIR",
            description = "Real labeled images: the same network trained on them is the baseline, tested on the same --test images.")
    Path trainReal;

    @Option(names = "--labels-vs", paramLabel = "DIR",
            description = "Reference labels of the dataset's own samples (matched by file name): agreement of the generated labels with them.")
    Path labelsVs;

    @Option(names = "--stats-only", description = "Only the dataset statistics (for datasets without a test set).")
    boolean statsOnly;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the report.")
    Path out;

    @Option(names = "--samples", defaultValue = "kept", paramLabel = "kept|all",
            description = "Of a generated dataset, the samples the uncertainty filter kept, or all (default ${DEFAULT-VALUE}).")
    String samples;

    @Option(names = "--classes", paramLabel = "FILE", description = "Class names, one per line (default: classes.txt or COCO categories of the inputs, else class ids).")
    Path classes;

    @Option(names = "--steps", defaultValue = "600", paramLabel = "N", description = "Training steps of the downstream network (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Images per training step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.002", paramLabel = "RATE", description = "Adam learning rate (default ${DEFAULT-VALUE}; a tenth of it for the last fifth of the steps).")
    double lr;

    @Option(names = "--width", defaultValue = "0", paramLabel = "C",
            description = "Channels at full resolution, doubling per level (default 0: by resolution, 16 up to 64 px).")
    int width;

    @Option(names = "--no-augment", description = "Train without random flips and scaling.")
    boolean noAugment;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the network's weights, batch order and augmentation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--examples", defaultValue = "8", paramLabel = "N", description = "Test images in the prediction strip (default ${DEFAULT-VALUE}).")
    int examples;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (!statsOnly && test == null && labelsVs == null)
            throw new IllegalArgumentException("give --test DIR (downstream evaluation), --labels-vs DIR, or --stats-only");
        OutputDirectory.check(out, "--out");
        LabeledSources.Selection selection = switch (samples) {
            case "kept" -> LabeledSources.Selection.KEPT;
            case "all" -> LabeledSources.Selection.ALL;
            default -> throw new IllegalArgumentException("--samples must be kept or all, got " + samples);
        };
        PrintWriter log = dgan.spec.commandLine().getErr(), stdout = dgan.spec.commandLine().getOut();
        LabeledSource data = LabeledSources.open(dataset, selection);
        Files.createDirectories(out);
        EvaluationReport report = EvaluationReport.create(out, names(data), data.describe());
        report.describeDataset(data);
        if (labelsVs != null) report.agreement(data, LabeledSources.open(labelsVs, LabeledSources.Selection.ALL));
        if (test != null && !statsOnly) {
            Device dev = device.device(dgan.torch());
            LabeledSource testSet = LabeledSources.open(test, LabeledSources.Selection.ALL);
            SegmenterTraining.Settings settings = new SegmenterTraining.Settings(steps, batch, lr,
                    noAugment ? Augmentation.NONE : Augmentation.DEFAULT, seed, width);
            List<LabeledSource> sets = new ArrayList<>(List.of(data));
            if (trainReal != null) sets.add(LabeledSources.open(trainReal, LabeledSources.Selection.ALL));
            int classCount = report.classCount(sets, testSet);
            for (int i = 0; i < sets.size(); i++) {
                String name = i == 0 ? "dataset" : "real";
                log.printf(Locale.ROOT, "training the downstream network on %s (%d images, %d steps)%n", sets.get(i).describe(),
                        sets.get(i).size(), steps);
                Downstream.Run run = Downstream.run(name, sets.get(i), testSet, classCount, settings, dev, examples,
                        (step, total, loss) -> log.printf(Locale.ROOT, "  step %d/%d loss %.4f%n", step, total, loss));
                report.downstream(run);
            }
        }
        report.write();
        report.print(stdout);
        return 0;
    }

    private List<String> names(LabeledSource data) {
        if (classes != null) return LabelNames.classesFile(classes);
        return data.classNames();
    }
}
