package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.CocoForm;
import dev.dgan.host.classes.ClassNames;
import dev.dgan.host.dataset.CocoClassWriter;
import dev.dgan.host.dataset.CocoInstancesWriter;
import dev.dgan.host.dataset.CocoJson;
import dev.dgan.host.dataset.CocoKeypointsWriter;
import dev.dgan.host.dataset.CocoWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The COCO document of a shard's kept samples, in the form the task declares: each sample is
 * read back from its files and metadata line, so the document can be made again after a kill.
 */
record CocoDocument(CocoForm form, List<String> labels, String description, SampleClasses classes, ClassNames classNames) {

    /** A kept sample: its index (its COCO image id is index + 1) and its metadata line. */
    record Kept(int index, ObjectNode line) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per-object COCO of the kept samples: every 8-connected piece of a class is one annotation. */
    void writeInstances(Path dataset, List<Kept> kept, Path file) throws IOException {
        if (!(form instanceof CocoForm.ClassMaps m)) throw new IllegalStateException("instances need per-pixel class maps");
        CocoInstancesWriter coco = new CocoInstancesWriter(labels, description);
        for (Kept s : kept) {
            ObjectNode image = coco.add(CocoJson.imageId(s.index()), image(s), m.read().read(dataset, fields(s)));
            if (s.line().hasNonNull("class")) image.put("class_id", s.line().get("class").asInt()).put("class_name", s.line().get("className").asText());
        }
        coco.write(file);
    }

    void write(Path dataset, List<Kept> kept, Path file) throws IOException {
        switch (form) {
            case CocoForm.None none -> throw new IllegalStateException("a task without a COCO form has no COCO document");
            case CocoForm.Keypoints k -> {
                CocoKeypointsWriter coco = new CocoKeypointsWriter(labels, "object", description);
                for (Kept s : kept) coco.add(CocoJson.imageId(s.index()), image(s), k.read().read(dataset, fields(s)));
                coco.write(file);
            }
            case CocoForm.ClassMaps m when !(classes instanceof SampleClasses.None) && CocoClassWriter.appliesTo(labels) -> {
                // a foreground/background model says where the object is; the class it was drawn for says what it is
                List<CocoClassWriter.Category> categories = classes.distinct().stream()
                        .map(c -> new CocoClassWriter.Category(c, classNames.name(c))).toList();
                CocoClassWriter coco = new CocoClassWriter(categories, description);
                for (Kept s : kept) coco.add(CocoJson.imageId(s.index()), image(s), m.read().read(dataset, fields(s)), s.line().get("class").asInt());
                coco.write(file);
            }
            case CocoForm.ClassMaps m -> {
                CocoWriter coco = new CocoWriter(labels, description);
                for (Kept s : kept) {
                    ObjectNode image = coco.add(CocoJson.imageId(s.index()), image(s), m.read().read(dataset, fields(s)));
                    if (s.line().hasNonNull("class")) {
                        image.put("class_id", s.line().get("class").asInt());
                        image.put("class_name", s.line().get("className").asText());
                    }
                }
                coco.write(file);
            }
        }
    }

    private static String image(Kept s) {
        return s.line().get("image").asText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Kept s) {
        return JSON.convertValue(s.line(), Map.class);
    }
}
