package dev.dgan.tasks.keypoints;

import dev.dgan.api.task.CocoForm;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points found in each sample: {@code keypoints/} holds them as JSON (with each point's
 * confidence), the metadata line repeats them, {@code overlay/} marks them on the image.
 */
public final class KeypointOutputs implements TaskOutputs {

    private static final List<Folder> FOLDERS = List.of(new Folder("keypoints", "json"), new Folder("overlay", "png"));

    private final int width, height;

    public KeypointOutputs(Interpreter model) {
        this.width = model.width();
        this.height = model.height();
    }

    @Override
    public List<Folder> folders() {
        return FOLDERS;
    }

    @Override
    public Map<String, Object> write(LabeledSample sample, SampleFolder folder) throws IOException {
        if (!(sample.labeled() instanceof Labeled.Keypoints k))
            throw new IllegalArgumentException("sample " + sample.index() + ": expected keypoints, got " + sample.labeled().getClass().getSimpleName());
        List<Map<String, Object>> points = new ArrayList<>();
        for (Labeled.Keypoints.Detected d : k.points()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", d.name());
            p.put("x", d.x());
            p.put("y", d.y());
            p.put("confidence", d.confidence());
            points.add(p);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("width", k.width());
        doc.put("height", k.height());
        doc.put("keypoints", points);
        folder.writeJson("keypoints", doc);
        folder.writePng("overlay", KeypointOverlay.draw(sample.image(), k));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("keypoints", points);
        fields.put("keypointsFile", folder.path("keypoints"));
        fields.put("overlay", folder.path("overlay"));
        return fields;
    }

    /** Every found point counts as visible: the interpreter reports each named point once. */
    @Override
    public CocoForm coco() {
        return new CocoForm.Keypoints((dataset, metadata) -> {
            List<KeypointSet.Keypoint> points = new ArrayList<>();
            for (Object o : (List<?>) metadata.get("keypoints")) {
                Map<?, ?> p = (Map<?, ?>) o;
                points.add(new KeypointSet.Keypoint((String) p.get("name"), ((Number) p.get("x")).doubleValue(),
                        ((Number) p.get("y")).doubleValue(), true));
            }
            return new KeypointSet(width, height, points);
        });
    }
}
