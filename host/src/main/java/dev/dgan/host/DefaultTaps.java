package dev.dgan.host;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.host.annotate.AnnotationSet;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The taps a task trains on when {@code --taps} is not given, and the kind of annotation it
 * learns from. BigDatasetGAN's head reads the backbone's levels and conditions on the class
 * embedding; the pixel tasks read every spatial tap (a 1-px map such as the class embedding
 * carries no per-pixel information).
 */
final class DefaultTaps {

    static final String BIGDATASETGAN = "bigdatasetgan";

    private DefaultTaps() {}

    static List<FeatureTap> of(String task, BackboneInfo info) {
        if (task.equals(BIGDATASETGAN)) {
            Set<String> wanted = new HashSet<>();
            for (TapLevel l : info.levels()) wanted.addAll(l.taps());
            wanted.add(FeatureTap.CLASS_EMBEDDING);
            List<FeatureTap> out = info.taps().stream().filter(t -> wanted.contains(t.name())).toList();
            if (out.stream().noneMatch(t -> !t.name().equals(FeatureTap.CLASS_EMBEDDING)))
                throw new IllegalArgumentException("--task " + task + ": backbone " + info.name() + " groups no taps into levels; give --taps");
            return out;
        }
        List<FeatureTap> spatial = info.taps().stream().filter(t -> t.resolution() > 1).toList();
        if (spatial.isEmpty()) throw new IllegalArgumentException("backbone " + info.name() + " has no spatial feature taps to train on");
        return spatial;
    }

    /** Keypoints learn from keypoint files; every other task from segmentation masks. */
    static String annotationKind(String task) {
        return task.equals(AnnotationSet.KEYPOINTS) ? AnnotationSet.KEYPOINTS : AnnotationSet.SEGMENTATION;
    }
}
