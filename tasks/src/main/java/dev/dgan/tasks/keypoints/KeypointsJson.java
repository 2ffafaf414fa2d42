package dev.dgan.tasks.keypoints;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.api.task.KeypointSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A keypoints file: {@code {"keypoints": [{"name": "nose", "x": 12.5, "y": 8.0, "visible": true}, ...]}}
 * in pixel coordinates (x right, y down, pixel centres at +0.5). {@code visible} defaults to
 * true. A keypoint may be left out; each name appears at most once.
 */
public final class KeypointsJson {

    private KeypointsJson() {
    }

    public static KeypointSet read(Path file, ImageSize size, List<String> names) {
        JsonAt root = JsonAt.read(file).object();
        List<KeypointSet.Keypoint> points = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonAt point : root.get("keypoints").elements()) {
            point.object();
            JsonAt nameField = point.get("name");
            String name = nameField.text();
            if (!names.contains(name)) throw nameField.expected("a keypoint name from keypoints.txt " + names);
            if (!seen.add(name)) throw nameField.expected("each keypoint once, but " + name + " appears again");
            double x = coordinate(point.get("x"), size.width(), "width");
            double y = coordinate(point.get("y"), size.height(), "height");
            JsonAt visible = point.get("visible");
            points.add(new KeypointSet.Keypoint(name, x, y, !visible.present() || visible.bool()));
        }
        return new KeypointSet(size.width(), size.height(), points);
    }

    /** Inside the image, its far border included (a point may sit on the image's edge). */
    private static double coordinate(JsonAt field, int extent, String what) {
        double v = field.number();
        if (v < 0 || v > extent) throw field.expected("a coordinate within the image, 0 to " + extent + " (its " + what + ")");
        return v;
    }
}
