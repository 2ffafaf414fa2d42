package dev.dgan.tasks.bigdatasetgan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code task.json} says of a trained branch: labels, the taps and levels it reads, its
 * shape, the loss it was trained with, the options and the training report (kept as JSON).
 */
record BranchModel(String task, List<String> labels, LevelInputs inputs, BranchShape shape, boolean binary, int width, int height,
                   Map<String, String> options, JsonNode report) {

    static final String HEADER = "task.json";
    static final String FORMAT = "dgan-task/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A training report as the JSON task.json keeps. */
    static JsonNode json(Object report) {
        return JSON.valueToTree(report);
    }

    void write(Path dir, int heads) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("task", task);
        root.putPOJO("labels", labels);
        root.put("width", width);
        root.put("height", height);
        var taps = root.putArray("taps");
        for (FeatureTap t : inputs.taps())
            taps.addObject().put("name", t.name()).put("channels", t.channels()).put("resolution", t.resolution());
        var levels = root.putArray("levels");
        for (int i = 0; i < inputs.levels().size(); i++) {
            TapLevel l = inputs.levels().get(i);
            ObjectNode n = levels.addObject().put("name", l.name()).put("resolution", l.resolution()).put("width", shape.levels().get(i).width());
            n.putPOJO("taps", l.taps());
        }
        if (inputs.embedding() != null) root.put("embedding", inputs.embedding().name());
        root.put("outputs", shape.outputs());
        root.put("loss", binary ? "bce" : "ce");
        root.put("heads", heads);
        root.putPOJO("options", new TreeMap<>(options));
        if (report != null) root.set("report", report);
        Path tmp = dir.resolve("." + HEADER + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, dir.resolve(HEADER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The header and the number of heads the weights should hold. */
    record Read(BranchModel model, int heads) {}

    static Read read(Path dir, String expectedTask) throws IOException {
        Path file = dir.resolve(HEADER);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing (is " + dir + " a model directory written by dgan train?)");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        Fields f = new Fields(file);
        String task = f.text(root, "task");
        if (!task.equals(expectedTask)) throw new IOException(file + ": field task is '" + task + "', expected '" + expectedTask + "'");
        List<String> labels = new ArrayList<>();
        for (JsonNode l : f.require(root, "labels")) labels.add(l.asText());
        List<FeatureTap> taps = new ArrayList<>();
        for (JsonNode t : f.require(root, "taps"))
            taps.add(new FeatureTap(f.text(t, "name"), f.positive(t, "channels"), f.positive(t, "resolution")));
        List<TapLevel> levels = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (JsonNode l : f.require(root, "levels")) {
            List<String> names = new ArrayList<>();
            for (JsonNode n : f.require(l, "taps")) names.add(n.asText());
            levels.add(new TapLevel(f.text(l, "name"), f.positive(l, "resolution"), names));
            widths.add(f.positive(l, "width"));
        }
        String embeddingName = root.hasNonNull("embedding") ? root.get("embedding").asText() : null;
        FeatureTap embedding = null;
        if (embeddingName != null) {
            embedding = taps.stream().filter(t -> t.name().equals(embeddingName)).findFirst()
                    .orElseThrow(() -> new IOException(file + ": field embedding names tap " + embeddingName + ", which is not in taps"));
        }
        String loss = f.text(root, "loss");
        if (!loss.equals("bce") && !loss.equals("ce")) throw new IOException(file + ": field loss is '" + loss + "', expected bce or ce");
        Map<String, String> options = new LinkedHashMap<>();
        root.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
        try {
            LevelInputs inputs = new LevelInputs(levels, taps, embedding);
            BranchShape shape = BranchTrainer.shape(inputs, widths, f.positive(root, "outputs"));
            boolean binary = loss.equals("bce");
            if (binary ? shape.outputs() != 1 || labels.size() != 2 : shape.outputs() != labels.size())
                throw new IOException(file + ": field outputs is " + shape.outputs() + ", which does not fit loss " + loss + " with "
                        + labels.size() + " labels");
            BranchModel m = new BranchModel(task, labels, inputs, shape, binary, f.positive(root, "width"), f.positive(root, "height"),
                    options, root.get("report"));
            return new Read(m, f.positive(root, "heads"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private record Fields(Path file) {
        JsonNode require(JsonNode node, String field) throws IOException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) throw new IOException(file + ": field " + field + " is missing");
            return v;
        }

        String text(JsonNode node, String field) throws IOException {
            JsonNode v = require(node, field);
            if (!v.isTextual()) throw new IOException(file + ": field " + field + " should be a string, is " + v);
            return v.asText();
        }

        int positive(JsonNode node, String field) throws IOException {
            JsonNode v = require(node, field);
            if (!v.canConvertToInt() || v.asInt() <= 0) throw new IOException(file + ": field " + field + " should be a positive integer, is " + v);
            return v.asInt();
        }
    }
}
