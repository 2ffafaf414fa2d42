package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.host.classes.ClassNames;
import dev.dgan.host.dataset.RunLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code dgan merge DIR}: turns the shards of one run ({@code generate --shard i/n --defer-filter},
 * from any number of machines) into the dataset a one-process {@code generate} of the same run
 * writes, byte for byte: one {@code run.json}, {@code metadata.jsonl}, {@code filter.json}, COCO and
 * WebDataset. The uncertainty filter runs once over every sample's score (exact: the scores are
 * sorted, ties dropped from the later index), so the kept set does not depend on the number of
 * shards. Only committed shards (with their {@link ShardManifest}) count; the shards' own files are
 * removed last, so a killed merge is simply run again.
 */
public final class ShardMerge {

    /** The shards found in a directory: the run they belong to, and which of them are committed. */
    public record Status(Path dir, RunSpec run, int shards, List<Shard> committed, List<Shard> missing, int webdatasetShardSize) {}

    public record Result(int shards, int samples, int kept, int dropped) {}

    private static final Pattern RUN_FILE = Pattern.compile("run-(\\d+)-of-(\\d+)\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardMerge() {}

    /** Reads the shards' run descriptions and manifests in {@code dir}; fails when they describe different runs. */
    public static Status status(Path dir) throws IOException {
        Map<Integer, RunSpec> specs = new TreeMap<>();
        int n = -1;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = RUN_FILE.matcher(f.getFileName().toString());
                if (!m.matches()) continue;
                Shard s = new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                if (n != -1 && s.count() != n)
                    throw new IllegalArgumentException(dir + " holds shards of runs split " + n + " and " + s.count() + " ways (" + f.getFileName() + ")");
                n = s.count();
                specs.put(s.index(), JSON.readValue(f.toFile(), RunSpec.class));
            }
        }
        // a run of one shard deferred its filter too: run.json and manifest.json
        if (specs.isEmpty() && Files.isRegularFile(dir.resolve(ShardManifest.fileName(Shard.WHOLE))) && Files.isRegularFile(dir.resolve("run.json"))) {
            specs.put(0, JSON.readValue(dir.resolve("run.json").toFile(), RunSpec.class));
            n = 1;
        }
        if (specs.isEmpty())
            throw new IllegalArgumentException(dir + " holds no shards to merge (no run-i-of-n.json): generate them with --shard i/n --defer-filter");
        RunSpec whole = null;
        for (var e : specs.entrySet()) {
            RunSpec w = wholeRun(e.getValue());
            if (whole != null && !whole.equals(w))
                throw new IllegalArgumentException(dir + ": shard " + e.getKey() + "/" + n + " belongs to another run: " + String.join("; ", whole.differences(w)));
            whole = w;
        }
        List<Shard> committed = new ArrayList<>(), missing = new ArrayList<>();
        int wdsSize = 1000;
        for (int i = 0; i < n; i++) {
            Shard s = new Shard(i, n);
            Path manifest = dir.resolve(ShardManifest.fileName(s));
            if (specs.containsKey(i) && Files.isRegularFile(manifest)) {
                committed.add(s);
                wdsSize = ShardManifest.read(manifest).webdatasetShardSize();
            } else {
                missing.add(s);
            }
        }
        return new Status(dir, whole, n, committed, missing, wdsSize);
    }

    /** The run description a one-process run of the same options writes. */
    static RunSpec wholeRun(RunSpec shard) {
        return new RunSpec(shard.format(), shard.model(), shard.task(), shard.seed(), shard.count(), Shard.WHOLE.toString(), shard.truncation(),
                shard.filter(), shard.formats(), shard.classId(), shard.classes(), shard.perClass(), shard.precision());
    }

    /**
     * Merges a directory whose shards are all committed. {@code task}, {@code labels} and {@code outputs}
     * are the model's (its interpreter's name, labels and the files its task writes).
     */
    public static Result merge(Status status, String task, List<String> labels, TaskOutputs outputs) throws IOException {
        if (!status.missing().isEmpty())
            throw new IllegalArgumentException(status.dir() + ": shards " + status.missing() + " are not finished (no manifest); run them again first");
        Path dir = status.dir();
        RunSpec run = status.run();
        Map<Integer, ObjectNode> byIndex = new HashMap<>();
        for (Shard s : status.committed()) {
            try (RunLog log = RunLog.open(GenerateRun.metadataFile(dir, s))) {
                for (ObjectNode line : log.records()) byIndex.put(line.get(RunLog.INDEX).asInt(), line);
            }
        }
        SampleClasses classes = run.classes() != null ? new SampleClasses.Balanced(run.classes(), run.perClass())
                : run.classId() != null ? new SampleClasses.Fixed(run.classId()) : SampleClasses.NONE;
        DatasetFormats formats = DatasetFormats.parse(run.formats(), status.webdatasetShardSize());
        GenerateRun.Options o = new GenerateRun.Options(dir, run.seed(), run.count(), Shard.WHOLE, run.truncation(), run.filter(), formats, 1,
                classes, classNames(byIndex, run));
        run.writeOrCheck(dir.resolve("run.json"));
        RunFinish.Result r = new RunFinish(task, labels, outputs).apply(o, ordered(byIndex), lines -> writeMetadata(dir, lines));
        // the commits go first: a merge killed among these deletions leaves unfinished shards, which are run again (resuming from their logs)
        for (Shard s : status.committed()) Files.deleteIfExists(dir.resolve(ShardManifest.fileName(s)));
        for (Shard s : status.committed()) {
            if (s.equals(Shard.WHOLE)) continue; // its log and description are the run's own
            Files.deleteIfExists(GenerateRun.metadataFile(dir, s));
            Files.deleteIfExists(dir.resolve("run" + s.suffix() + ".json"));
        }
        return new Result(status.shards(), r.samples(), r.kept(), r.dropped());
    }

    private static Map<Integer, ObjectNode> ordered(Map<Integer, ObjectNode> byIndex) {
        return new TreeMap<>(byIndex);
    }

    /** As the run log's final replacement writes it: one compact JSON object per line. */
    private static void writeMetadata(Path dir, List<ObjectNode> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ObjectNode line : lines) {
            bytes.write(JSON.writeValueAsBytes(line));
            bytes.write('\n');
        }
        AtomicFiles.write(GenerateRun.metadataFile(dir, Shard.WHOLE), bytes.toByteArray());
    }

    /**
     * The class names the samples were drawn with, from their lines: every class of a run has samples,
     * so the backbone (a large checkpoint) need not be loaded to merge.
     */
    private static ClassNames classNames(Map<Integer, ObjectNode> byIndex, RunSpec run) {
        if (run.classId() == null && run.classes() == null) return null;
        int max = 0;
        for (ObjectNode line : byIndex.values()) max = Math.max(max, line.get("class").asInt());
        List<String> names = new ArrayList<>();
        for (int id = 0; id <= max; id++) names.add(ClassNames.fallback(id));
        for (ObjectNode line : byIndex.values()) names.set(line.get("class").asInt(), line.get("className").asText());
        return new ClassNames("merged", names);
    }
}
