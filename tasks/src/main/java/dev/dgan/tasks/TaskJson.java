package dev.dgan.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained task's {@code task.json}: the fields every task writes (format, task, labels,
 * output size, taps, options, training report) around the task's own, written atomically and
 * read back with errors that name the file and the field.
 */
public final class TaskJson {

    public static final String FILE = "task.json";
    public static final String FORMAT = "dgan-task/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskJson() {}

    /** A header with the common leading fields; the task adds its own before {@link #write}. */
    public static ObjectNode header(String task, List<String> labels, int width, int height, List<FeatureTap> taps) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("task", task);
        root.putPOJO("labels", labels);
        root.put("width", width);
        root.put("height", height);
        var array = root.putArray("taps");
        for (FeatureTap t : taps) array.addObject().put("name", t.name()).put("channels", t.channels()).put("resolution", t.resolution());
        return root;
    }

    /** A training report (or any record) as JSON. */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** Appends options and report, then writes {@code dir/task.json} under a temporary name and renames it. */
    public static void write(Path dir, ObjectNode root, Map<String, String> options, JsonNode report) throws IOException {
        root.putPOJO("options", new TreeMap<>(options));
        if (report != null) root.set("report", report);
        AtomicFiles.write(dir.resolve(FILE), out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, root));
    }

    /** Reads {@code dir/task.json}, checking that it is there, parses and was written by {@code expectedTask}. */
    public static Reader read(Path dir, String expectedTask) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing (is " + dir + " a model directory written by dgan train?)");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + FileErrors.reason(e), e);
        }
        Reader r = new Reader(file, root);
        String task = r.text(root, "task");
        if (!task.equals(expectedTask)) throw new IOException(file + ": field task is '" + task + "', expected '" + expectedTask + "'");
        return r;
    }

    /** Field access on one file's tree; every failure names the file and the field. */
    public record Reader(Path file, JsonNode root) {

        public JsonNode require(JsonNode node, String field) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) throw new IOException(file + ": field " + field + " is missing");
            return v;
        }

        public String text(JsonNode node, String field) throws IOException {
            JsonNode v = require(node, field);
            if (!v.isTextual()) throw new IOException(file + ": field " + field + " should be a string, is " + v);
            return v.asText();
        }

        public int positive(JsonNode node, String field) throws IOException {
            JsonNode v = require(node, field);
            if (!v.canConvertToInt() || v.asInt() <= 0) throw new IOException(file + ": field " + field + " should be a positive integer, is " + v);
            return v.asInt();
        }

        public String task() throws IOException {
            return text(root, "task");
        }

        public List<String> labels() throws IOException {
            List<String> labels = new ArrayList<>();
            for (JsonNode l : require(root, "labels")) labels.add(l.asText());
            return labels;
        }

        public List<FeatureTap> taps() throws IOException {
            List<FeatureTap> taps = new ArrayList<>();
            for (JsonNode t : require(root, "taps")) taps.add(new FeatureTap(text(t, "name"), positive(t, "channels"), positive(t, "resolution")));
            return taps;
        }

        public Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            root.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
            return options;
        }

        public JsonNode report() {
            return root.get("report");
        }
    }
}
