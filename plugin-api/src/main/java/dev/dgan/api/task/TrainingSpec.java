package dev.dgan.api.task;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.runtime.Device;

import java.util.List;
import java.util.Map;

/**
 * What a task is trained on: the backbone's taps and output size, the label names (classes
 * for segmentation, keypoint names for keypoints), task options as {@code key=value} text
 * (each task documents its keys and rejects unknown ones) and the seed that makes training
 * reproducible on one device. {@code levels} groups the backbone's spatial taps for tasks
 * that read them level by level (see {@link TapLevel}); tasks that read pixels ignore it.
 */
public record TrainingSpec(List<FeatureTap> taps, int width, int height, List<String> labels,
                           Map<String, String> options, long seed, Device device, List<TapLevel> levels) {

    /** A spec whose levels are derived from {@code taps} by {@link TapLevel#derive}. */
    public TrainingSpec(List<FeatureTap> taps, int width, int height, List<String> labels, Map<String, String> options,
                        long seed, Device device) {
        this(taps, width, height, labels, options, seed, device, TapLevel.derive(taps, Math.max(width, height)));
    }

    public TrainingSpec {
        taps = List.copyOf(taps);
        levels = List.copyOf(levels);
        labels = List.copyOf(labels);
        options = Map.copyOf(options);
        if (taps.isEmpty()) throw new IllegalArgumentException("a task needs at least one feature tap");
        if (labels.isEmpty()) throw new IllegalArgumentException("a task needs at least one label");
    }
}
