package dev.dgan.tasks.keypoints;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.api.annotate.LabelMeShape;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.tasks.segmentation.LabelMeJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keypoints marked in LabelMe: each {@code point} shape is one keypoint, its label the keypoint
 * name from keypoints.txt. LabelMe's coordinates are the same as the keypoints file's (pixel
 * centres at +0.5); LabelMe has no visibility, so every marked keypoint is visible and an
 * unmarked one is left out. Other shape types are refused rather than skipped: a box drawn
 * into a keypoints file is a mistake the annotator should hear about.
 */
public final class LabelMeKeypoints {

    private LabelMeKeypoints() {
    }

    public static KeypointSet read(Path file, String imageName, ImageSize expected, List<String> names) {
        JsonAt root = LabelMeJson.open(file, imageName, expected);
        List<KeypointSet.Keypoint> points = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonAt shape : root.get("shapes").elements()) {
            shape.object();
            if (!LabelMeShape.type(shape).equals("point")) {
                throw shape.get("shape_type").expected("point (a keypoints task reads LabelMe point shapes, one per keypoint)");
            }
            JsonAt label = shape.get("label");
            String name = label.text();
            if (!names.contains(name)) throw label.expected("a keypoint name from keypoints.txt " + names);
            if (!seen.add(name)) throw label.expected("each keypoint once, but " + name + " appears again");
            double[] xy = LabelMeShape.points(shape);
            if (xy.length != 2) throw shape.get("points").expected("1 point for a point");
            if (xy[0] < 0 || xy[0] > expected.width() || xy[1] < 0 || xy[1] > expected.height()) {
                throw shape.get("points").expected("a point within the image, x 0 to " + expected.width() + " and y 0 to "
                        + expected.height());
            }
            points.add(new KeypointSet.Keypoint(name, xy[0], xy[1], true));
        }
        return new KeypointSet(expected.width(), expected.height(), points);
    }
}
