package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CocoClassWriterTest {

    @Test
    void theForegroundOfEachImageIsItsClass() {
        var coco = new CocoClassWriter(List.of(new CocoClassWriter.Category(0, "tench"), new CocoClassWriter.Category(3, "shark")), "d");
        coco.add(0, "image/000000.png", new LabelMap(3, 2, new byte[] {0, 1, 1, 0, 1, (byte) 255}), 3);
        coco.add(1, "image/000001.png", new LabelMap(3, 2, new byte[6]), 0);
        JsonNode doc = coco.document();
        assertEquals("[{\"id\":1,\"name\":\"tench\",\"supercategory\":\"object\"},{\"id\":4,\"name\":\"shark\",\"supercategory\":\"object\"}]", doc.get("categories").toString());
        assertEquals(2, doc.get("images").size());
        assertEquals(1, doc.get("annotations").size(), "an image without foreground has no annotation");
        JsonNode a = doc.at("/annotations/0");
        assertEquals(4, a.get("category_id").asInt());
        assertEquals(3, a.get("area").asInt());
        assertThrows(IllegalArgumentException.class, () -> coco.add(2, "x.png", new LabelMap(1, 1, new byte[] {1}), 5));
        assertThrows(IllegalArgumentException.class, () -> coco.add(3, "y.png", new LabelMap(1, 1, new byte[] {2}), 0));
    }

    @Test
    void onlyBackgroundForegroundModelsNameTheObjectByClass() {
        assertTrue(CocoClassWriter.appliesTo(List.of("background", "Foreground")));
        assertFalse(CocoClassWriter.appliesTo(List.of("background", "disc", "square")));
        assertFalse(CocoClassWriter.appliesTo(List.of("foreground", "background")));
    }

    @Test
    void otherModelsKeepTheirLabelsAndTakeExtraImageFields() {
        var coco = new CocoWriter(List.of("background", "disc", "square"), "d");
        coco.add(0, "a.png", new LabelMap(2, 1, new byte[] {1, 2})).put("class_id", 3).put("class_name", "shark");
        assertEquals(3, coco.document().at("/images/0/class_id").asInt());
        assertEquals(2, coco.document().get("categories").size());
    }
}
