package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.CocoForm;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.Precision;
import dev.dgan.host.classes.ClassList;
import dev.dgan.host.classes.ClassNames;
import dev.dgan.host.generate.DatasetFormats;
import dev.dgan.host.generate.GenerateRun;
import dev.dgan.host.generate.SampleClasses;
import dev.dgan.host.generate.RunSpec;
import dev.dgan.host.generate.Shard;
import dev.dgan.host.io.OutputDirectory;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dgan generate}: a labeled dataset from a trained model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate labeled samples with a model from dgan train: image/, the task's files (e.g. label/ index PNGs, 255 = void,"
                + " overlay/ previews, keypoints/ JSON), metadata[-i-of-n].jsonl and the formats --format names.",
                "Sample i has seed S+i; a killed run resumes where it stopped when started again with the same options."})
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "A directory written by dgan train.")
    Path model;

    @Option(names = "--count", paramLabel = "N", description = "Samples in the whole run (all shards); with --classes it defaults to classes x per-class.")
    Integer count;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Sample i uses seed S+i (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset directory (shards of one run may share it).")
    Path out;

    @Option(names = "--filter", defaultValue = "0.1", paramLabel = "F",
            description = "Move the most uncertain fraction F of the shard's samples to filtered/ (default ${DEFAULT-VALUE}; 0 keeps all).")
    double filter;

    @Option(names = "--defer-filter", description = "Leave the filter, COCO and WebDataset to dgan merge, which runs them over all shards at once;"
            + " the shard commits by writing manifest-i-of-n.json.")
    boolean deferFilter;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N", description = "Render only part i of n of the run (default ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--format", split = ",", defaultValue = "png", paramLabel = "FMT",
            description = "Comma list of png (always written: images, labels, overlays, metadata.jsonl), coco (semantic RLE masks, or keypoints),"
                    + " coco-instances (one annotation per connected object), webdataset (tar shards of the kept samples) and hf"
                    + " (metadata.jsonl as Hugging Face imagefolder reads it, with file_name and kept; always so).")
    List<String> formats;

    @Option(names = "--webdataset-shard-size", defaultValue = "1000", paramLabel = "N", description = "Samples per WebDataset tar (default ${DEFAULT-VALUE}).")
    int webdatasetShardSize;

    @Option(names = "--truncation", paramLabel = "PSI", description = "Truncation psi (default: the one the annotated samples were made with).")
    Double truncation;

    @Option(names = "--class", paramLabel = "ID|NAME", description = "Class id or name for class-conditional backbones (all samples).")
    String classId;

    @Option(names = "--classes", paramLabel = "all|FILE|LIST",
            description = "Class-balanced run for class-conditional backbones: every class (all), the classes in FILE (one id or name per line,"
                    + " # comments) or a comma-separated list of ids or names. Sample i gets class i / per-class and seed S+i.")
    String classes;

    @Option(names = "--per-class", paramLabel = "N", description = "Samples per class of --classes (default 1).")
    Integer perClass;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "The generator checkpoint, if it moved since training (its SHA-256 must match).")
    Path checkpoint;

    @Mixin
    BatchOption batchOption;

    @Mixin
    DeviceOption device;

    @Mixin
    PrecisionOption precision;

    @Override
    public Integer call() throws Exception {
        Precision prec = precision.parse();
        if (count != null && count <= 0) throw new IllegalArgumentException("--count must be positive, got " + count);
        if (classes == null && perClass != null) throw new IllegalArgumentException("--per-class needs --classes");
        if (classes != null && classId != null) throw new IllegalArgumentException("give --class or --classes, not both");
        if (classes == null && count == null) throw new IllegalArgumentException("--count is required (unless --classes gives it)");
        OutputDirectory.check(out, "--out");
        batchOption.fixed();
        DatasetFormats datasetFormats = DatasetFormats.parse(formats, webdatasetShardSize);
        Shard part = Shard.parse(shard);
        ModelInfo info = ModelInfo.read(model);
        BackboneRef ref = backboneOf(info);
        double psi = truncation != null ? truncation : info.truncation();
        Device dev = device.device(dgan.torch());
        PrecisionOption.configure(prec);
        PrintWriter err = dgan.spec.commandLine().getErr();
        try (PluginRegistry registry = dgan.plugins(); Backbone backbone = ref.load(registry, dev);
             Interpreter interpreter = registry.task(info.task()).load(model, dev, prec)) {
            TaskProvider provider = registry.task(info.task());
            TaskOutputs outputs = provider.outputs(interpreter);
            if (datasetFormats.coco() && outputs.coco() instanceof CocoForm.None)
                throw new IllegalArgumentException("--format coco: task " + provider.name() + " has no COCO form; expected --format png");
            if (datasetFormats.cocoInstances() && !(outputs.coco() instanceof CocoForm.ClassMaps))
                throw new IllegalArgumentException("--format coco-instances: task " + provider.name() + " writes no per-pixel class maps");
            ClassNames names = backbone.info().conditioning().isConditional() ? ClassNames.of(backbone.info(), "--class") : null;
            SampleClasses sampleClasses = sampleClasses(backbone, names);
            int total = count != null ? count : ((SampleClasses.Balanced) sampleClasses).count();
            if (sampleClasses instanceof SampleClasses.Balanced b && b.count() != total)
                throw new IllegalArgumentException("--count " + total + " disagrees with --classes x --per-class = " + b.classes().size()
                        + " x " + b.perClass() + " = " + b.count() + " (leave --count out)");
            Files.createDirectories(out);
            RunSpec.of(model.toAbsolutePath().normalize().toString(), info.task(), seed, total, part, psi, filter,
                    datasetFormats.list(), sampleClasses, prec.cliName()).writeOrCheck(out.resolve("run" + part.suffix() + ".json"));
            int batch = batchOption.resolve(backbone, interpreter, psi, dev, part.end(total) - part.first(total), err);
            StageTimes times = new StageTimes();
            LabelPipeline pipeline = new LabelPipeline(backbone, interpreter, dev, times);
            int n = part.end(total) - part.first(total);
            ProgressBar progress = new ProgressBar(err, "generate", n, System.console() != null);
            long start = System.nanoTime();
            GenerateRun.Summary s = new GenerateRun(backbone, interpreter, outputs, pipeline, times)
                    .run(new GenerateRun.Options(out, seed, total, part, psi, filter, datasetFormats, batch, sampleClasses, names, deferFilter), progress);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (deferFilter)
                dgan.spec.commandLine().getOut().printf(Locale.ROOT, "shard %s: %d samples (%d rendered now, %.2f/s, %s), committed; filter deferred to dgan merge -> %s%n",
                        part, s.total(), s.renderedNow(), s.renderedNow() / Math.max(seconds, 1e-9), PrecisionOption.describe(prec, dev), out);
            else
                dgan.spec.commandLine().getOut().printf(Locale.ROOT, "shard %s: %d samples (%d rendered now, %.2f/s, %s), %d kept, %d moved to filtered/ -> %s%n",
                        part, s.total(), s.renderedNow(), s.renderedNow() / Math.max(seconds, 1e-9), PrecisionOption.describe(prec, dev), s.kept(),
                        s.dropped(), out);
        }
        return 0;
    }

    private SampleClasses sampleClasses(Backbone backbone, ClassNames names) {
        if (classes == null && classId == null) return SampleClasses.NONE;
        String option = classes != null ? "--classes" : "--class";
        if (names == null)
            throw new IllegalArgumentException(option + ": backbone " + backbone.info().name() + " is unconditional; class lists do not apply");
        if (classId != null) return new SampleClasses.Fixed(names.resolve(classId, "--class"));
        return new SampleClasses.Balanced(ClassList.parse(classes, names, "--classes"), perClass == null ? 1 : perClass);
    }

    private BackboneRef backboneOf(ModelInfo info) throws IOException {
        var b = info.backbone();
        Path ckpt = checkpoint != null ? checkpoint : Path.of(b.checkpoint());
        if (!Files.isRegularFile(ckpt))
            throw new IOException("checkpoint " + ckpt + " (recorded in " + model.resolve(ModelInfo.FILE) + ") does not exist; pass --checkpoint");
        if (b.checkpointSha256() != null) {
            String sha = SampleCommand.sha256(ckpt);
            if (!sha.equals(b.checkpointSha256()))
                throw new IllegalArgumentException("checkpoint " + ckpt + " is not the one the model was trained on (SHA-256 " + sha
                        + ", expected " + b.checkpointSha256() + ")");
        }
        return new BackboneRef(b.name(), ckpt, b.config() == null ? null : Path.of(b.config()));
    }
}
