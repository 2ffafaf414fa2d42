package dev.dgan.api.task;

import dev.dgan.api.annotate.ImageSize;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which files of an annotation folder hold a task's annotations and how one is read. The host
 * lists the samples, pairs each with at most one of its {@link #candidates}, rejects files
 * that look like annotations but belong to no listed sample, and hands each pair to
 * {@link #read}. Readers throw {@link dev.dgan.api.annotate.AnnotationException} with a message
 * naming the file, the field and the value expected.
 */
public interface AnnotationReader {

    /** What the annotations are, for messages and for tasks that share a kind: "segmentation masks". */
    String kind();

    /**
     * The label names the annotations use (class names, keypoint names, ...) from the folder's
     * files; {@code listed} is the class list the sample listing carries, if any.
     */
    List<String> labels(Path dir, Optional<List<String>> listed);

    /** The files that may annotate {@code sample}; at most one of them may exist. */
    List<Path> candidates(AnnotatedFile sample);

    /** Names in the folder that look like this kind's annotations; one that no listed sample claims is an error. */
    Pattern fileNames();

    /** How annotation files are named, for the message when there is none: "keypoints_NNNN.json". */
    String expected();

    /**
     * Whether the annotations are label maps ({@link LabelMap}, class ids per pixel): then the host
     * also reads them from a COCO file in the folder (as CVAT and Label Studio export them).
     */
    default boolean readsLabelMaps() {
        return false;
    }

    /** Reads {@code file}, which annotates {@code sample}, whose image is {@code size}. */
    Annotation read(Path file, AnnotatedFile sample, ImageSize size, List<String> labels);

    /**
     * A listed sample as a reader sees it: its index, folder and image, and the annotation file
     * the listing names for it (the demo bundle names its masks), or null when files are found by name.
     */
    record AnnotatedFile(int index, Path dir, Path image, Path listed) {

        /** The part of the image name annotation files share: "0003" for sample_0003.png. */
        public String id() {
            String stem = imageStem();
            return stem.startsWith("sample_") ? stem.substring("sample_".length()) : stem;
        }

        /** The image's name without its extension: a LabelMe file is named after the image it annotates. */
        public String imageStem() {
            String name = image.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }
}
