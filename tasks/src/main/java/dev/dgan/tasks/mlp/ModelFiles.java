package dev.dgan.tasks.mlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.runtime.checkpoint.FiniteValues;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.tasks.TaskJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ObjectNode root = TaskJson.header(header.task(), header.labels(), header.layout().width(), header.layout().height(),
                header.layout().taps());
        root.putObject("mlp").put("inputs", header.shape().inputs()).put("hidden1", header.shape().hidden1())
                .put("hidden2", header.shape().hidden2()).put("outputs", header.shape().outputs());
        root.put("models", header.models());
        TaskJson.write(dir, root, header.options(), header.report());
    }

    public static Header readHeader(Path dir, String expectedTask) throws IOException {
        TaskJson.Reader r = TaskJson.read(dir, expectedTask);
        JsonNode root = r.root(), mlp = r.require(root, "mlp");
        MlpShape shape = new MlpShape(r.positive(mlp, "inputs"), r.positive(mlp, "hidden1"), r.positive(mlp, "hidden2"),
                r.positive(mlp, "outputs"));
        TapLayout layout = new TapLayout(r.taps(), r.positive(root, "width"), r.positive(root, "height"));
        if (layout.channels() != shape.inputs())
            throw new IOException(r.file() + ": field mlp.inputs is " + shape.inputs() + ", expected the taps' " + layout.channels() + " channels");
        return new Header(r.task(), r.labels(), layout, shape, r.positive(root, "models"), r.options(), r.report());
    }

    /** The stored ensemble, checked against the header, on {@code device}. */
    public static MlpEnsemble readWeights(Path dir, Header header, Device device) throws IOException {
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing");
        try (SafetensorsFile st = SafetensorsFile.open(file); TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> copies = new LinkedHashMap<>();
            for (var e : st.tensors().entrySet()) copies.put(e.getKey(), Ops.toCopy(e.getValue(), null, device));
            try {
                FiniteValues.require(file.toString(), copies);
                MlpEnsemble ensemble = MlpEnsemble.adopt(header.shape(), header.models(), copies, file.toString());
                for (String n : PixelMlp.NAMES) TensorScope.release(copies.get(n));
                return ensemble;
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
