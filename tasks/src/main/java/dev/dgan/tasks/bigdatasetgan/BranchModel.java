package dev.dgan.tasks.bigdatasetgan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.tasks.TaskJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code task.json} says of a trained branch besides what every task writes (see
 * {@link TaskJson}): the head architecture ({@code head}: biggan or vqgan; a file without the
 * field is biggan, as every model was before the VQGAN head), the levels it reads (with their
 * projection widths for biggan; the one {@code channels} width for vqgan), the class-embedding
 * tap, the outputs, the loss it was trained with and the number of heads.
 */
record BranchModel(String task, List<String> labels, LevelInputs inputs, HeadShape shape, boolean binary, int width, int height,
                   Map<String, String> options, JsonNode report) {

    void write(Path dir, int heads) throws IOException {
        ObjectNode root = TaskJson.header(task, labels, width, height, inputs.taps());
        root.put("head", shape.head());
        if (shape instanceof VqShape vq) root.put("channels", vq.channels());
        var levels = root.putArray("levels");
        for (int i = 0; i < inputs.levels().size(); i++) {
            TapLevel l = inputs.levels().get(i);
            ObjectNode n = levels.addObject().put("name", l.name()).put("resolution", l.resolution());
            if (shape instanceof BranchShape b) n.put("width", b.levels().get(i).width());
            n.putPOJO("taps", l.taps());
        }
        if (inputs.embedding() != null) root.put("embedding", inputs.embedding().name());
        root.put("outputs", shape.outputs());
        root.put("loss", binary ? "bce" : "ce");
        root.put("heads", heads);
        TaskJson.write(dir, root, options, report);
    }

    /** The header and the number of heads the weights should hold. */
    record Read(BranchModel model, int heads) {}

    static Read read(Path dir, String expectedTask) throws IOException {
        TaskJson.Reader r = TaskJson.read(dir, expectedTask);
        JsonNode root = r.root();
        List<String> labels = r.labels();
        List<FeatureTap> taps = r.taps();
        String head = root.hasNonNull("head") ? r.text(root, "head") : BranchShape.HEAD;
        boolean vq = head.equals(VqShape.HEAD);
        if (!vq && !head.equals(BranchShape.HEAD)) throw new IOException(r.file() + ": field head is '" + head + "', expected biggan or vqgan");
        List<TapLevel> levels = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (JsonNode l : r.require(root, "levels")) {
            List<String> names = new ArrayList<>();
            for (JsonNode n : r.require(l, "taps")) names.add(n.asText());
            levels.add(new TapLevel(r.text(l, "name"), r.positive(l, "resolution"), names));
            if (!vq) widths.add(r.positive(l, "width"));
        }
        FeatureTap embedding = null;
        if (root.hasNonNull("embedding")) {
            String name = r.text(root, "embedding");
            if (vq) throw new IOException(r.file() + ": field embedding is set, but the vqgan head reads no class embedding");
            embedding = taps.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IOException(r.file() + ": field embedding names tap " + name + ", which is not in taps"));
        }
        String loss = r.text(root, "loss");
        if (!loss.equals("bce") && !loss.equals("ce")) throw new IOException(r.file() + ": field loss is '" + loss + "', expected bce or ce");
        try {
            LevelInputs inputs = new LevelInputs(levels, taps, embedding);
            int outputs = r.positive(root, "outputs");
            HeadShape shape = vq ? VqShape.of(inputs, r.positive(root, "channels"), outputs) : BranchTrainer.shape(inputs, widths, outputs);
            boolean binary = loss.equals("bce");
            if (binary ? shape.outputs() != 1 || labels.size() != 2 : shape.outputs() != labels.size())
                throw new IOException(r.file() + ": field outputs is " + shape.outputs() + ", which does not fit loss " + loss + " with "
                        + labels.size() + " labels");
            BranchModel m = new BranchModel(r.task(), labels, inputs, shape, binary, r.positive(root, "width"), r.positive(root, "height"),
                    r.options(), r.report());
            return new Read(m, r.positive(root, "heads"));
        } catch (IllegalArgumentException e) {
            throw new IOException(r.file() + ": " + e.getMessage(), e);
        }
    }
}
