package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.Backbone;
import dev.dgan.api.SampleId;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.host.classes.ClassNames;
import dev.dgan.host.dataset.RunLog;
import dev.dgan.host.dataset.TempFiles;
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
                          SampleClasses classes, ClassNames classNames, boolean deferFilter) {
        /** A run that filters its shard when its last sample is done. */
        public Options(Path out, long seed, int count, Shard shard, double truncation, double filter, DatasetFormats formats, int batch,
                       SampleClasses classes, ClassNames classNames) {
            this(out, seed, count, shard, truncation, filter, formats, batch, classes, classNames, false);
        }

        public Options {
            if (classes instanceof SampleClasses.Balanced b && b.count() != count)
                throw new IllegalArgumentException("--count " + count + " disagrees with --classes x --per-class = " + b.count());
            if (classes.classOf(0).isPresent() && classNames == null)
                throw new IllegalArgumentException("a run with classes needs the backbone's class names");
        }
    }

    /**
     * What the shard holds when the run returns. With {@code deferFilter} nothing is filtered yet
     * ({@code kept} is every sample): {@link ShardMerge} filters the whole run.
     */
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
        refuseOtherFilterMode(o);
        int first = o.shard().first(o.count()), end = o.shard().end(o.count());
        try (RunLog log = RunLog.open(metadataFile(out, o.shard()));
             OrderedWrites writes = new OrderedWrites(OrderedWrites.defaultThreads(), 2 * o.batch())) {
            // only once the log is ours, and only our shard's: another run or shard may be writing here now
            TempFiles.sweep(out, name -> o.shard().owns(name, o.count()));
            List<SampleId> pending = new ArrayList<>();
            for (int i = first; i < end; i++) if (!log.isCompleted(i)) pending.add(new SampleId(i, o.seed() + i, o.classes().classOf(i)));
            progress.advance(end - first - pending.size());
            LogAppender appended = new LogAppender(log, progress, times, InjectedFailure.forShard(o.shard()));
            for (int start = 0; start < pending.size() && stop.requested().isEmpty(); start += o.batch()) {
                List<SampleId> batch = pending.subList(start, Math.min(pending.size(), start + o.batch()));
                for (LabelPipeline.Rendered r : pipeline.run(new SampleRequest(batch, o.truncation())))
                    writes.submit(() -> write(out, o, r), appended);
            }
            writes.drainAll(appended);
            if (appended.count < pending.size() && stop.requested().isPresent())
                throw stop.stopped((end - first - pending.size() + appended.count) + " of " + (end - first)
                        + " samples finished and kept in " + out + "; run the same command again to resume");
            if (!o.deferFilter()) return finish(o, log, appended.count);
            ShardManifest.commit(out, o, end - first);
            return new Summary(end - first, appended.count, end - first, 0);
        }
    }

    /**
     * A shard made with --defer-filter holds raw metadata lines for dgan merge; one that filtered
     * itself holds final ones. Resuming either in the other mode would mix the two.
     */
    private static void refuseOtherFilterMode(Options o) {
        Path manifest = o.out().resolve(ShardManifest.fileName(o.shard()));
        Path filter = o.out().resolve("filter" + o.shard().suffix() + ".json");
        if (!o.deferFilter() && Files.exists(manifest))
            throw new IllegalArgumentException("shard " + o.shard() + " in " + o.out() + " was generated with --defer-filter (" + manifest.getFileName()
                    + "): pass --defer-filter to resume it, or run dgan merge");
        if (o.deferFilter() && Files.exists(filter))
            throw new IllegalArgumentException("shard " + o.shard() + " in " + o.out() + " already filtered itself (" + filter.getFileName()
                    + "); --defer-filter applies to new shards only");
    }

    /** Appends finished samples' lines to the run log, in order, and counts them. */
    private static final class LogAppender implements OrderedWrites.Sink {
        private final RunLog log;
        private final ProgressBar progress;
        private final StageTimes times;
        int count;

        private final InjectedFailure failure;

        LogAppender(RunLog log, ProgressBar progress, StageTimes times, InjectedFailure failure) {
            this.log = log;
            this.progress = progress;
            this.times = times;
            this.failure = failure;
        }

        @Override
        public void accept(OrderedWrites.Written written) throws IOException {
            times.record("write", written.nanos());
            log.append(written.line());
            count++;
            progress.advance(1);
            failure.afterSample(count);
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
        Map<Integer, ObjectNode> byIndex = new LinkedHashMap<>();
        for (ObjectNode n : log.records()) byIndex.put(n.get(RunLog.INDEX).asInt(), n);
        RunFinish.Result r = new RunFinish(interpreter.task(), interpreter.labels(), outputs).apply(o, byIndex, log::replaceAll);
        return new Summary(r.samples(), rendered, r.kept(), r.dropped());
    }
}
