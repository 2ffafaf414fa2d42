package dev.dgan.host.annotate;

import java.nio.file.Path;

/**
 * A sample as the listing names it. {@code mask} is the mask file the listing names for it
 * (the demo bundle does), or null when annotation files are found by name; {@code classId} is
 * the class the manifest records for class-conditional backbones, else null.
 */
public record ListedSample(int index, Long seed, Integer classId, int latentRow, Path image, Path mask) {}
