package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a generation run was asked for ({@code run[-i-of-n].json}). A rerun into the same
 * directory resumes only if it asks for the same thing; anything else would mix two datasets.
 * {@code classId} is the one class of every sample; {@code classes} and {@code perClass}
 * describe a class-balanced run (sample i has class classes[i / perClass]); all null for
 * unconditional backbones. {@code precision} is the labeling arithmetic ({@code --precision}):
 * labels made in bf16 may differ from fp32 ones, so a run never resumes in another precision.
 */
public record RunSpec(String format, String model, String task, long seed, int count, String shard, double truncation,
                      double filter, List<String> formats, Integer classId, List<Integer> classes, Integer perClass, String precision) {

    /** Runs recorded before precision was a setting labeled in float32. */
    public static final String DEFAULT_PRECISION = "fp32";

    public RunSpec {
        if (precision == null) precision = DEFAULT_PRECISION;
    }

    /** A float32 run with a class list (or none). */
    public RunSpec(String format, String model, String task, long seed, int count, String shard, double truncation,
                   double filter, List<String> formats, Integer classId, List<Integer> classes, Integer perClass) {
        this(format, model, task, seed, count, shard, truncation, filter, formats, classId, classes, perClass, DEFAULT_PRECISION);
    }

    /** A float32 run without a class list. */
    public RunSpec(String format, String model, String task, long seed, int count, String shard, double truncation,
                   double filter, List<String> formats, Integer classId) {
        this(format, model, task, seed, count, shard, truncation, filter, formats, classId, null, null);
    }

    /** The spec's class fields from the run's classes. */
    public static RunSpec of(String model, String task, long seed, int count, Shard shard, double truncation, double filter,
                             List<String> formats, SampleClasses classes, String precision) {
        return switch (classes) {
            case SampleClasses.None n -> new RunSpec(FORMAT, model, task, seed, count, shard.toString(), truncation, filter, formats,
                    null, null, null, precision);
            case SampleClasses.Fixed f -> new RunSpec(FORMAT, model, task, seed, count, shard.toString(), truncation, filter, formats,
                    f.classId(), null, null, precision);
            case SampleClasses.Balanced b -> new RunSpec(FORMAT, model, task, seed, count, shard.toString(), truncation, filter, formats,
                    null, b.classes(), b.perClass(), precision);
        };
    }

    public static final String FORMAT = "dgan-run/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes this spec, or checks it against the one a previous run left. */
    public void writeOrCheck(Path file) throws IOException {
        if (!Files.exists(file)) {
            refuseUndescribedDataset(file.getParent());
            try {
                AtomicFiles.create(file, out -> JSON.writeValue(out, this));
            } catch (FileAlreadyExistsException e) {
                // two runs started into one directory at once: the other one wrote it first
                throw new IllegalArgumentException("another run is writing into " + file.toAbsolutePath().getParent() + " ("
                        + file.getFileName() + " appeared while this one started); use another --out, or wait for that run to finish", e);
            }
            return;
        }
        RunSpec old;
        try {
            old = JSON.readValue(file.toFile(), RunSpec.class);
        } catch (IOException e) {
            throw new IOException(file + ": unreadable run description (" + FileErrors.reason(e) + "); remove it or use another --out", e);
        }
        if (!equals(old))
            throw new IllegalArgumentException(file.getParent() + " holds another run (" + file.getFileName() + "): " + String.join("; ", differences(old))
                    + ". Use another --out, or the same options to resume.");
    }

    /** The settings that differ, as "--option: the run there used X, this one asks for Y". */
    List<String> differences(RunSpec old) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : RunSpec.class.getRecordComponents()) {
            try {
                Object was = c.getAccessor().invoke(old), now = c.getAccessor().invoke(this);
                if (!Objects.equals(was, now))
                    out.add(OPTIONS.getOrDefault(c.getName(), c.getName()) + ": the run there used " + was + ", this one asks for " + now);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The option each recorded setting comes from, for messages. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("format", "run file format"), Map.entry("model", "--model"),
            Map.entry("task", "the model's task"), Map.entry("seed", "--seed"), Map.entry("count", "--count"), Map.entry("shard", "--shard"),
            Map.entry("truncation", "--truncation"), Map.entry("filter", "--filter"), Map.entry("formats", "--format"),
            Map.entry("classId", "--class"), Map.entry("classes", "--classes"), Map.entry("perClass", "--per-class"),
            Map.entry("precision", "--precision"));

    /**
     * A folder holding samples but no run description at all was written by something that does not
     * record one (an older dgan): adding a run there would mix two datasets and rewrite its filter.
     */
    private static void refuseUndescribedDataset(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            boolean described = names.stream().anyMatch(n -> n.startsWith("run") && n.endsWith(".json"));
            boolean samples = names.stream().anyMatch(n -> n.startsWith("metadata") && n.endsWith(".jsonl"));
            if (samples && !described)
                throw new IllegalArgumentException(dir + " holds a dataset without a run description (run.json): use another --out");
        }
    }
}
