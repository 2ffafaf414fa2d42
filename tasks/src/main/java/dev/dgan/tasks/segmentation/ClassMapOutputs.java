package dev.dgan.tasks.segmentation;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.MaskPng;
import dev.dgan.api.image.Palette;
import dev.dgan.api.task.CocoForm;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-pixel class map per sample: {@code label/} holds it as an index PNG (pixel value = class
 * id, shown in the palette's colours), {@code overlay/} the image with the classes tinted.
 */
public final class ClassMapOutputs implements TaskOutputs {

    private static final List<Folder> FOLDERS = List.of(new Folder("label", "png"), new Folder("overlay", "png"));

    private final ImageSize size;
    private final int classes;

    public ClassMapOutputs(Interpreter model) {
        this.size = new ImageSize(model.width(), model.height());
        this.classes = model.labels().size();
    }

    @Override
    public List<Folder> folders() {
        return FOLDERS;
    }

    @Override
    public Map<String, Object> write(LabeledSample sample, SampleFolder folder) throws IOException {
        if (!(sample.labeled() instanceof Labeled.Segmentation s))
            throw new IllegalArgumentException("sample " + sample.index() + ": expected a class map, got " + sample.labeled().getClass().getSimpleName());
        folder.writePng("label", Palette.indexImage(s.labels()));
        folder.writePng("overlay", Palette.overlay(sample.image(), s.labels()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("label", folder.path("label"));
        fields.put("overlay", folder.path("overlay"));
        return fields;
    }

    @Override
    public CocoForm coco() {
        return new CocoForm.ClassMaps((dataset, metadata) -> MaskPng.read(dataset.resolve((String) metadata.get("label")), size, classes));
    }
}
