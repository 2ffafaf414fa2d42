package dev.dgan.tasks.keypoints;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.LabelNames;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.AnnotationReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named points per sample in {@code keypoints_NNNN.json} (see {@link KeypointsJson}) or as the
 * {@code point} shapes of a LabelMe file named after the image (see {@link LabelMeKeypoints}),
 * names from {@code keypoints.txt}.
 */
public final class KeypointAnnotations implements AnnotationReader {

    private static final Pattern FILES = Pattern.compile("keypoints_\\d+\\.json|sample_\\d+\\.json");

    @Override
    public String kind() {
        return "keypoints";
    }

    @Override
    public List<String> labels(Path dir, Optional<List<String>> listed) {
        return LabelNames.keypoints(dir);
    }

    @Override
    public List<Path> candidates(AnnotatedFile sample) {
        return List.of(sample.dir().resolve("keypoints_" + sample.id() + ".json"), sample.dir().resolve(sample.imageStem() + ".json"));
    }

    @Override
    public Pattern fileNames() {
        return FILES;
    }

    @Override
    public String expected() {
        return "keypoints_NNNN.json or LabelMe sample_NNNN.json";
    }

    @Override
    public Annotation read(Path file, AnnotatedFile sample, ImageSize size, List<String> labels) {
        if (file.getFileName().toString().startsWith("keypoints_")) return KeypointsJson.read(file, size, labels);
        return LabelMeKeypoints.read(file, sample.image().getFileName().toString(), size, labels);
    }
}
