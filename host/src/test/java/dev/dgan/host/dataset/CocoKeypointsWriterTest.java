package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.KeypointSet.Keypoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CocoKeypointsWriterTest {

    @Test
    void keypointsInNameOrderWithVisibility(@TempDir Path dir) throws Exception {
        CocoKeypointsWriter writer = new CocoKeypointsWriter(List.of("nose", "left_eye", "right_eye"), "face", "faces");
        writer.add(3, "sample_0003.png", new KeypointSet(16, 8, List.of(
                new Keypoint("right_eye", 10.5, 4.5, true), new Keypoint("nose", 8.0, 6.0, false))));
        Path file = dir.resolve("keypoints.json");
        writer.write(file);
        JsonNode doc = new ObjectMapper().readTree(file.toFile());

        assertEquals("[\"nose\",\"left_eye\",\"right_eye\"]", doc.at("/categories/0/keypoints").toString());
        assertEquals("face", doc.at("/categories/0/name").asText());
        JsonNode a = doc.at("/annotations/0");
        // pixel indices: our centres at +0.5 move to whole numbers; left_eye is not labeled
        assertEquals("[7.5,5.5,1,0.0,0.0,0,10.0,4.0,2]", a.get("keypoints").toString());
        assertEquals(2, a.get("num_keypoints").asInt());
        assertEquals(3, a.get("image_id").asInt());
        assertEquals(1, a.get("category_id").asInt());
        assertEquals("[0,0,16,8]", a.get("bbox").toString());
        assertEquals(128, a.get("area").asLong());
        assertEquals(16, doc.at("/images/0/width").asInt());
    }

    @Test
    void rejectsUnknownNames() {
        CocoKeypointsWriter writer = new CocoKeypointsWriter(List.of("nose"), "face", "faces");
        var e = assertThrows(IllegalArgumentException.class,
                () -> writer.add(0, "a.png", new KeypointSet(4, 4, List.of(new Keypoint("tail", 1, 1, true)))));
        assertEquals("keypoint tail of image 0 is not one of [nose]", e.getMessage());
        assertEquals(0, writer.document().get("images").size());
    }
}
