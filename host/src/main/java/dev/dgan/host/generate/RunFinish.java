package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.UncertaintyFilter;
import dev.dgan.host.dataset.RunLog;
import dev.dgan.host.dataset.WebDatasetWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a run, once every sample of its range has a metadata line: the uncertainty filter
 * over the range's scores, {@code filtered/}, the final metadata, COCO and WebDataset. A shard
 * that filters itself runs it over its own range; {@link ShardMerge} runs it once over the
 * whole run, which writes what a one-process run writes. Every step can be repeated after a kill.
 */
final class RunFinish {

    /** Writes the final metadata lines (the run log's replacement, or the merged metadata.jsonl). */
    interface MetadataSink {
        void write(List<ObjectNode> lines) throws IOException;
    }

    record Result(int samples, int kept, int dropped) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String task;
    private final List<String> labels;
    private final TaskOutputs outputs;

    RunFinish(String task, List<String> labels, TaskOutputs outputs) {
        this.task = task;
        this.labels = List.copyOf(labels);
        this.outputs = outputs;
    }

    Result apply(GenerateRun.Options o, Map<Integer, ObjectNode> byIndex, MetadataSink metadata) throws IOException {
        Path out = o.out();
        int first = o.shard().first(o.count()), end = o.shard().end(o.count());
        for (int i = first; i < end; i++) if (!byIndex.containsKey(i)) throw new IllegalStateException("sample " + i + " has no metadata line");
        int n = end - first;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) scores[i] = byIndex.get(first + i).get("uncertainty").asDouble();
        // exact: the scores are sorted, ties dropped from the later index, so the kept set depends only on the scores
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
            String description = "dgan " + task + " dataset, seed " + o.seed() + ", shard " + o.shard();
            CocoDocument document = new CocoDocument(outputs.coco(), labels, description, o.classes(), o.classNames());
            if (o.formats().coco()) document.write(out, kept, out.resolve("coco" + o.shard().suffix() + ".json"));
            if (o.formats().cocoInstances()) document.writeInstances(out, kept, out.resolve("coco-instances" + o.shard().suffix() + ".json"));
        }
        metadata.write(lines);
        if (o.formats().webdataset()) writeWebDataset(o, lines);
        return new Result(n, n - dropped.size(), dropped.size());
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
    private void writeWebDataset(GenerateRun.Options o, List<ObjectNode> lines) throws IOException {
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
