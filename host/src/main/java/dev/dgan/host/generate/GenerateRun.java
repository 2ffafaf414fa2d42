package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.Backbone;
import dev.dgan.api.SampleId;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.CocoForm;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.UncertaintyFilter;
import dev.dgan.host.classes.ClassNames;
import dev.dgan.host.dataset.WebDatasetWriter;
import dev.dgan.host.dataset.RunLog;
import dev.dgan.host.dataset.TempFiles;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.host.io.ImageFiles;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.host.stop.StopSignal;
import dev.dgan.host.stop.Stopped;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Fills a dataset directory with labeled samples for one shard of a run. Each sample's files
 * are written to temporary names and renamed; its metadata line, appended and synced last,
 * is the checkpoint: a killed run restarts after the last complete line and rewrites any
 * files of samples that had no line yet. When every sample of the shard is done, the most
 * uncertain fraction is moved to {@code filtered/} and the COCO document is written for the
 * rest.
 */
public final class GenerateRun {

    /**
     * {@code classNames} names the backbone's classes (null for unconditional backbones); with
     * class-balanced runs {@code count} must equal the classes' count.
     */
    public record Options(Path out, long seed, int count, Shard shard, double truncation, double filter, DatasetFormats formats, int batch,
                          SampleClasses classes, ClassNames classNames) {
        public Options {
            if (classes instanceof SampleClasses.Balanced b && b.count() != count)
                throw new IllegalArgumentException("--count " + count + " disagrees with --classes x --per-class = " + b.count());
            if (classes.classOf(0).isPresent() && classNames == null)
                throw new IllegalArgumentException("a run with classes needs the backbone's class names");
        }
    }

    /** What the shard holds when the run returns. */
    public record Summary(int total, int renderedNow, int kept, int dropped) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Backbone backbone;
    private final Interpreter interpreter;
    private final TaskOutputs outputs;
    private final LabelPipeline pipeline;
    private final StageTimes times;

    /** {@code outputs} is what the interpreter's task writes per sample (its provider's {@code outputs(interpreter)}). */
    public GenerateRun(Backbone backbone, Interpreter interpreter, TaskOutputs outputs, LabelPipeline pipeline, StageTimes times) {
        this.backbone = backbone;
        this.interpreter = interpreter;
        this.outputs = outputs;
        this.pipeline = pipeline;
        this.times = times;
    }

    public static Path metadataFile(Path out, Shard shard) {
        return out.resolve("metadata" + shard.suffix() + ".jsonl");
    }

    public Summary run(Options o, ProgressBar progress) throws Exception {
        return run(o, progress, StopSignal.process());
    }

    /**
     * As {@link #run(Options, ProgressBar)}; when {@code stop} is requested, no new batch starts,
     * the samples in flight are written and logged, and {@link Stopped} says how many are kept.
     */
    public Summary run(Options o, ProgressBar progress, StopSignal stop) throws Exception {
        Path out = o.out();
        Files.createDirectories(out.resolve(SampleFiles.IMAGE));
        for (TaskOutputs.Folder d : outputs.folders()) Files.createDirectories(out.resolve(d.name()));
        boolean conditional = backbone.info().conditioning().isConditional();
        boolean classed = !(o.classes() instanceof SampleClasses.None);
        if (conditional && !classed)
            throw new IllegalArgumentException("backbone " + backbone.info().name() + " is class-conditional: give --class ID or --classes");
        if (!conditional && classed)
            throw new IllegalArgumentException("backbone " + backbone.info().name() + " is unconditional; --class and --classes do not apply");
        int first = o.shard().first(o.count()), end = o.shard().end(o.count());
        try (RunLog log = RunLog.open(metadataFile(out, o.shard()));
             OrderedWrites writes = new OrderedWrites(OrderedWrites.defaultThreads(), 2 * o.batch())) {
            // only once the log is ours, and only our shard's: another run or shard may be writing here now
            TempFiles.sweep(out, name -> o.shard().owns(name, o.count()));
            List<SampleId> pending = new ArrayList<>();
            for (int i = first; i < end; i++) if (!log.isCompleted(i)) pending.add(new SampleId(i, o.seed() + i, o.classes().classOf(i)));
            progress.advance(end - first - pending.size());
            LogAppender appended = new LogAppender(log, progress, times);
            for (int start = 0; start < pending.size() && stop.requested().isEmpty(); start += o.batch()) {
                List<SampleId> batch = pending.subList(start, Math.min(pending.size(), start + o.batch()));
                for (LabelPipeline.Rendered r : pipeline.run(new SampleRequest(batch, o.truncation())))
                    writes.submit(() -> write(out, o, r), appended);
            }
            writes.drainAll(appended);
            if (appended.count < pending.size() && stop.requested().isPresent())
                throw stop.stopped((end - first - pending.size() + appended.count) + " of " + (end - first)
                        + " samples finished and kept in " + out + "; run the same command again to resume");
            return finish(o, log, appended.count);
        }
    }

    /** Appends finished samples' lines to the run log, in order, and counts them. */
    private static final class LogAppender implements OrderedWrites.Sink {
        private final RunLog log;
        private final ProgressBar progress;
        private final StageTimes times;
        int count;

        LogAppender(RunLog log, ProgressBar progress, StageTimes times) {
            this.log = log;
            this.progress = progress;
            this.times = times;
        }

        @Override
        public void accept(OrderedWrites.Written written) throws IOException {
            times.record("write", written.nanos());
            log.append(written.line());
            count++;
            progress.advance(1);
        }
    }

    private ObjectNode write(Path out, Options o, LabelPipeline.Rendered r) throws IOException {
        SampleId id = r.id();
        SampleFiles files = new SampleFiles(id.index(), outputs.folders());
        BufferedImage image = ImageFiles.toImage(r.pixels(), 0, r.height(), r.width(), r.channels());
        ImageFiles.writePng(out.resolve(files.image()), image);
        ObjectNode line = JSON.createObjectNode();
        line.put(RunLog.INDEX, id.index());
        line.put("seed", id.seed());
        OptionalInt classId = id.classId();
        if (classId.isPresent()) {
            line.put("class", classId.getAsInt());
            line.put("className", o.classNames().name(classId.getAsInt()));
        } else {
            line.putNull("class");
        }
        line.put("truncation", o.truncation());
        line.put("uncertainty", r.labeled().uncertainty());
        line.put("image", files.image());
        Map<String, Object> fields = outputs.write(new LabeledSample(id, r.labeled(), image), files.in(out));
        fields.forEach((k, v) -> line.set(k, JSON.valueToTree(v)));
        return line;
    }

    /** Filter and COCO, once every sample of the shard has its line. Safe to repeat after a kill. */
    private Summary finish(Options o, RunLog log, int rendered) throws IOException {
        Path out = o.out();
        int first = o.shard().first(o.count()), end = o.shard().end(o.count());
        Map<Integer, ObjectNode> byIndex = new LinkedHashMap<>();
        for (ObjectNode n : log.records()) byIndex.put(n.get(RunLog.INDEX).asInt(), n);
        for (int i = first; i < end; i++) if (!byIndex.containsKey(i)) throw new IllegalStateException("sample " + i + " has no metadata line");
        int n = end - first;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = byIndex.get(first + i).get("uncertainty").asDouble();
        boolean[] keep = UncertaintyFilter.keep(scores, o.filter());
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!keep[i]) dropped.add(first + i);
        Path filterFile = out.resolve("filter" + o.shard().suffix() + ".json");
        ObjectNode f = JSON.createObjectNode();
        f.put("fraction", o.filter());
        f.put("score", "image uncertainty as the task reports it (segmentation: Jensen-Shannon, mean of the top 10% of pixels by default)");
        f.put("samples", n);
        f.put("kept", n - dropped.size());
        f.putPOJO("dropped", dropped);
        AtomicFiles.write(filterFile, os -> JSON.writerWithDefaultPrettyPrinter().writeValue(os, f));
        for (int index : dropped) moveToFiltered(out, new SampleFiles(index, outputs.folders()));
        List<ObjectNode> lines = FinalMetadata.lines(byIndex, keep, first, outputs.folders());
        if (o.formats().coco() || o.formats().cocoInstances()) {
            List<CocoDocument.Kept> kept = new ArrayList<>();
            for (int i = 0; i < n; i++) if (keep[i]) kept.add(new CocoDocument.Kept(first + i, byIndex.get(first + i)));
            String description = "dgan " + interpreter.task() + " dataset, seed " + o.seed() + ", shard " + o.shard();
            CocoDocument document = new CocoDocument(outputs.coco(), interpreter.labels(), description, o.classes(), o.classNames());
            if (o.formats().coco()) document.write(out, kept, out.resolve("coco" + o.shard().suffix() + ".json"));
            if (o.formats().cocoInstances()) document.writeInstances(out, kept, out.resolve("coco-instances" + o.shard().suffix() + ".json"));
        }
        log.replaceAll(lines);
        if (o.formats().webdataset()) writeWebDataset(o, lines);
        return new Summary(n, rendered, n - dropped.size(), dropped.size());
    }

    private static void moveToFiltered(Path out, SampleFiles files) throws IOException {
        for (String rel : files.all()) {
            Path from = out.resolve(rel);
            if (!Files.exists(from)) continue; // moved before a kill, or not made by this task
            Path to = SampleFiles.filtered(out, rel);
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The kept samples as WebDataset tar shards: each sample's files by their extension, and its metadata line as JSON. */
    private void writeWebDataset(Options o, List<ObjectNode> lines) throws IOException {
        List<WebDatasetWriter.Sample> samples = new ArrayList<>();
        for (ObjectNode line : lines) {
            if (!line.get(FinalMetadata.KEPT).asBoolean()) continue;
            Map<String, byte[]> members = new LinkedHashMap<>();
            for (var f : FinalMetadata.sampleFiles(line, outputs.folders()).entrySet())
                members.put(f.getKey(), Files.readAllBytes(o.out().resolve(f.getValue())));
            members.put("json", JSON.writeValueAsBytes(line));
            samples.add(new WebDatasetWriter.Sample(String.format("%06d", line.get(RunLog.INDEX).asInt()), members));
        }
        String prefix = "shard" + (o.shard().suffix().isEmpty() ? "" : o.shard().suffix());
        WebDatasetWriter.write(o.out().resolve("webdataset"), prefix, samples, o.formats().webdatasetShardSize());
    }
}
