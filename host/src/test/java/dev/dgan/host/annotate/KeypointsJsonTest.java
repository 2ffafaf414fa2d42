package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.tasks.keypoints.KeypointsJson;
import dev.dgan.api.task.KeypointSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.dgan.host.annotate.Fixtures.keypoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeypointsJsonTest {

    static final List<String> NAMES = List.of("nose", "left_eye", "right_eye");
    static final ImageSize SIZE = new ImageSize(16, 8);

    @TempDir
    Path dir;

    KeypointSet read(Object... points) throws Exception {
        Path file = dir.resolve("keypoints_0000.json");
        Fixtures.json(file, Map.of("keypoints", List.of(points)));
        return KeypointsJson.read(file, SIZE, NAMES);
    }

    @Test
    void readsPointsAndVisibleDefaultsToTrue() throws Exception {
        KeypointSet set = read(keypoint("nose", 12.5, 8.0, null), keypoint("left_eye", 0, 3.25, false));
        assertEquals(16, set.width());
        assertEquals(8, set.height());
        assertEquals(List.of(new KeypointSet.Keypoint("nose", 12.5, 8.0, true), new KeypointSet.Keypoint("left_eye", 0, 3.25, false)),
                set.points());
    }

    @Test
    void unknownAndRepeatedNamesAreRejected() {
        var e = assertThrows(AnnotationException.class, () -> read(keypoint("tail", 1, 1, null)));
        assertTrue(e.getMessage().contains("keypoints_0000.json: field keypoints[0].name: expected a keypoint name from keypoints.txt"),
                e.getMessage());
        e = assertThrows(AnnotationException.class, () -> read(keypoint("nose", 1, 1, null), keypoint("nose", 2, 2, null)));
        assertTrue(e.getMessage().contains("keypoints[1].name: expected each keypoint once"), e.getMessage());
    }

    @Test
    void coordinatesMustLieWithinTheImage() {
        var e = assertThrows(AnnotationException.class, () -> read(keypoint("nose", 16.5, 1, null)));
        assertTrue(e.getMessage().contains("field keypoints[0].x: expected a coordinate within the image, 0 to 16"), e.getMessage());
        e = assertThrows(AnnotationException.class, () -> read(keypoint("nose", 1, -0.1, null)));
        assertTrue(e.getMessage().contains("field keypoints[0].y: expected a coordinate within the image, 0 to 8"), e.getMessage());
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        Path file = dir.resolve("keypoints_0000.json");
        Fixtures.json(file, Map.of("points", List.of()));
        var e = assertThrows(AnnotationException.class, () -> KeypointsJson.read(file, SIZE, NAMES));
        assertTrue(e.getMessage().contains("field keypoints: expected an array, got nothing (the field is missing)"), e.getMessage());
        Fixtures.json(file, Map.of("keypoints", List.of(Map.of("name", "nose", "x", "3", "y", 1))));
        e = assertThrows(AnnotationException.class, () -> KeypointsJson.read(file, SIZE, NAMES));
        assertTrue(e.getMessage().contains("field keypoints[0].x: expected a number, got \"3\""), e.getMessage());
    }
}
