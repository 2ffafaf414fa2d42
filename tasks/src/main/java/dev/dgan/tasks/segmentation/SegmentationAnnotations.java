package dev.dgan.tasks.segmentation;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.LabelNames;
import dev.dgan.api.annotate.MaskPng;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.AnnotationReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-pixel class annotations: an index PNG {@code mask_NNNN.png} (pixel value = class id) or a
 * LabelMe file named after the sample image, class names from {@code classes.txt} or the listing.
 */
public final class SegmentationAnnotations implements AnnotationReader {

    private static final Pattern FILES = Pattern.compile("mask_\\d+\\.png|sample_\\d+\\.json");

    @Override
    public String kind() {
        return "segmentation masks";
    }

    @Override
    public List<String> labels(Path dir, Optional<List<String>> listed) {
        return LabelNames.classes(dir, listed);
    }

    @Override
    public List<Path> candidates(AnnotatedFile sample) {
        if (sample.listed() != null) return List.of(sample.listed());
        return List.of(sample.dir().resolve("mask_" + sample.id() + ".png"), sample.dir().resolve(sample.imageStem() + ".json"));
    }

    @Override
    public Pattern fileNames() {
        return FILES;
    }

    @Override
    public String expected() {
        return "mask_NNNN.png or LabelMe sample_NNNN.json";
    }

    @Override
    public boolean readsLabelMaps() {
        return true;
    }

    @Override
    public Annotation read(Path file, AnnotatedFile sample, ImageSize size, List<String> labels) {
        if (file.getFileName().toString().endsWith(".json"))
            return LabelMeJson.read(file, sample.image().getFileName().toString(), size, labels);
        return MaskPng.read(file, size, labels.size());
    }
}
