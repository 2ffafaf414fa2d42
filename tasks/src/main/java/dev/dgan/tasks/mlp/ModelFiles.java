package dev.dgan.tasks.mlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained MLP task on disk: {@code ensemble.safetensors} (stacked weights) and
 * {@code task.json} (task, labels, taps, output size, widths, options, training report).
 */
public final class ModelFiles {

    public static final String WEIGHTS = "ensemble.safetensors";
    public static final String HEADER = "task.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What task.json holds besides the weights. */
    public record Header(String task, List<String> labels, TapLayout layout, MlpShape shape, int models,
                         Map<String, String> options, JsonNode report) {}

    private ModelFiles() {}

    public static void save(Path dir, Header header, MlpEnsemble ensemble) throws IOException {
        Files.createDirectories(dir);
        List<Tensor> keep = new ArrayList<>();
        try {
            SafetensorsWriter.write(dir.resolve(WEIGHTS), ensemble.toTensorData(keep), Map.of("task", header.task()));
        } finally {
            keep.forEach(Tensor::close);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "dgan-task/1");
        root.put("task", header.task());
        root.putPOJO("labels", header.labels());
        root.put("width", header.layout().width());
        root.put("height", header.layout().height());
        var taps = root.putArray("taps");
        for (FeatureTap t : header.layout().taps())
            taps.addObject().put("name", t.name()).put("channels", t.channels()).put("resolution", t.resolution());
        root.putObject("mlp").put("inputs", header.shape().inputs()).put("hidden1", header.shape().hidden1())
                .put("hidden2", header.shape().hidden2()).put("outputs", header.shape().outputs());
        root.put("models", header.models());
        root.putPOJO("options", new java.util.TreeMap<>(header.options()));
        if (header.report() != null) root.set("report", header.report());
        Path tmp = dir.resolve("." + HEADER + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, dir.resolve(HEADER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static Header readHeader(Path dir, String expectedTask) throws IOException {
        Path file = dir.resolve(HEADER);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing (is " + dir + " a model directory written by dgan train?)");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        String task = text(root, "task", file);
        if (!task.equals(expectedTask)) throw new IOException(file + ": field task is '" + task + "', expected '" + expectedTask + "'");
        List<String> labels = new ArrayList<>();
        for (JsonNode l : require(root, "labels", file)) labels.add(l.asText());
        List<FeatureTap> taps = new ArrayList<>();
        for (JsonNode t : require(root, "taps", file))
            taps.add(new FeatureTap(text(t, "name", file), integer(t, "channels", file), integer(t, "resolution", file)));
        JsonNode mlp = require(root, "mlp", file);
        MlpShape shape = new MlpShape(integer(mlp, "inputs", file), integer(mlp, "hidden1", file), integer(mlp, "hidden2", file),
                integer(mlp, "outputs", file));
        Map<String, String> options = new LinkedHashMap<>();
        root.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
        TapLayout layout = new TapLayout(taps, integer(root, "width", file), integer(root, "height", file));
        if (layout.channels() != shape.inputs())
            throw new IOException(file + ": field mlp.inputs is " + shape.inputs() + ", expected the taps' " + layout.channels() + " channels");
        return new Header(task, labels, layout, shape, integer(root, "models", file), options, root.get("report"));
    }

    /** The stored ensemble, checked against the header, on {@code device}. */
    public static MlpEnsemble readWeights(Path dir, Header header, Device device) throws IOException {
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing");
        try (SafetensorsFile st = SafetensorsFile.open(file); TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> copies = new LinkedHashMap<>();
            for (var e : st.tensors().entrySet()) copies.put(e.getKey(), Ops.toCopy(e.getValue(), null, device));
            try {
                MlpEnsemble ensemble = MlpEnsemble.adopt(header.shape(), header.models(), copies, file.toString());
                for (String n : PixelMlp.NAMES) TensorScope.release(copies.get(n));
                return ensemble;
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private static JsonNode require(JsonNode node, String field, Path file) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IOException(file + ": field " + field + " is missing");
        return v;
    }

    private static String text(JsonNode node, String field, Path file) throws IOException {
        JsonNode v = require(node, field, file);
        if (!v.isTextual()) throw new IOException(file + ": field " + field + " should be a string, is " + v);
        return v.asText();
    }

    private static int integer(JsonNode node, String field, Path file) throws IOException {
        JsonNode v = require(node, field, file);
        if (!v.canConvertToInt() || v.asInt() <= 0) throw new IOException(file + ": field " + field + " should be a positive integer, is " + v);
        return v.asInt();
    }
}
