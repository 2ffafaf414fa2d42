package dev.dgan.host.annotate;

import java.nio.file.Path;

/**
 * A sample as the listing names it. {@code mask} is the mask file the listing names for it
 * (the demo bundle does), or null when annotation files are found by name; {@code classId} is
 * the class the manifest records for class-conditional backbones, else null.
 */
record ListedSample(int index, Long seed, Integer classId, int latentRow, Path image, Path mask) {

    /** The part of the image name that annotation files share: "0003" for sample_0003.png. */
    String id() {
        String stem = image.getFileName().toString();
        int dot = stem.lastIndexOf('.');
        if (dot > 0) stem = stem.substring(0, dot);
        return stem.startsWith("sample_") ? stem.substring("sample_".length()) : stem;
    }

    /** The image's name without its extension: a LabelMe file is named after the image it annotates. */
    String imageStem() {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
