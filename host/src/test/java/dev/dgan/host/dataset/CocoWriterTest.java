package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CocoWriterTest {

    static final List<String> CLASSES = List.of("background", "cat", "dog");

    // 3 wide, 2 high:  cat cat void
    //                  bg  dog dog
    static final LabelMap LABELS = new LabelMap(3, 2, new byte[] {1, 1, (byte) 255, 0, 2, 2});

    @Test
    void onePerClassPresentWithRleAreaAndBox(@TempDir Path dir) throws Exception {
        CocoWriter writer = new CocoWriter(CLASSES, "test set");
        writer.add(7, "sample_0007.png", LABELS);
        writer.add(8, "sample_0008.png", new LabelMap(3, 2, new byte[6]));
        Path file = dir.resolve("coco.json");
        writer.write(file);
        JsonNode doc = new ObjectMapper().readTree(file.toFile());

        assertEquals("test set", doc.at("/info/description").asText());
        assertEquals("[{\"id\":1,\"name\":\"cat\",\"supercategory\":\"object\"},{\"id\":2,\"name\":\"dog\",\"supercategory\":\"object\"}]", doc.get("categories").toString());
        assertEquals("[{\"id\":7,\"file_name\":\"sample_0007.png\",\"width\":3,\"height\":2},"
                + "{\"id\":8,\"file_name\":\"sample_0008.png\",\"width\":3,\"height\":2}]", doc.get("images").toString());
        JsonNode annotations = doc.get("annotations");
        assertEquals(2, annotations.size(), "a background-only image gets no annotation");

        JsonNode cat = annotations.get(0);
        assertEquals(1, cat.get("id").asInt());
        assertEquals(7, cat.get("image_id").asInt());
        assertEquals(1, cat.get("category_id").asInt());
        assertEquals("[2,3]", cat.at("/segmentation/size").toString());
        assertEquals(2, cat.get("area").asLong());
        assertEquals("[0,0,2,1]", cat.get("bbox").toString());
        assertEquals(0, cat.get("iscrowd").asInt());
        // column-major: (cat, bg) (cat, dog) (void, dog) -> 1 0 1 0 0 0 -> counts [0, 1, 1, 1, 3]
        assertEquals(CocoRle.rleToString(new int[] {0, 1, 1, 1, 3}), cat.at("/segmentation/counts").asText());

        JsonNode dog = annotations.get(1);
        assertEquals(2, dog.get("id").asInt());
        assertEquals(2, dog.get("category_id").asInt());
        assertEquals("[1,1,2,1]", dog.get("bbox").toString());
        boolean[] mask = CocoRle.decode(new CocoRle.Rle(2, 3, dog.at("/segmentation/counts").asText()));
        assertArrayEquals(new boolean[] {false, false, false, false, true, true}, mask);
    }

    @Test
    void backgroundOnRequest() {
        CocoWriter writer = new CocoWriter(CLASSES, "with background", true);
        writer.add(0, "a.png", LABELS);
        JsonNode doc = writer.document();
        assertEquals(0, doc.at("/categories/0/id").asInt());
        assertEquals(3, doc.get("annotations").size());
        assertEquals(1, doc.at("/annotations/0/area").asLong(), "void pixels belong to no class");
        assertEquals(0, doc.at("/annotations/0/category_id").asInt());
    }

    @Test
    void rejectsRepeatedImagesAndUnknownClasses() {
        CocoWriter writer = new CocoWriter(CLASSES, "x");
        writer.add(1, "a.png", LABELS);
        var e = assertThrows(IllegalArgumentException.class, () -> writer.add(1, "b.png", LABELS));
        assertEquals("image id 1 is already in the COCO document", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> writer.add(2, "c.png", new LabelMap(1, 1, new byte[] {3})));
        assertEquals("labels of image 2 hold class id 3, but there are only 3 classes", e.getMessage());
        assertEquals(1, writer.document().get("images").size(), "a rejected image is not half added");
    }
}
