package dev.dgan.host.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;
import dev.dgan.host.dataset.CocoWriter;
import dev.dgan.api.image.Palette;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabeledSourcesTest {

    @Test
    void flatImageLabelPairsWithClassNames(@TempDir Path dir) throws IOException {
        TinyWorld.writePairs(dir, 0, 3);
        Files.writeString(dir.resolve("classes.txt"), "background\nred\nblue\n");

        LabeledSource s = LabeledSources.open(dir, LabeledSources.Selection.ALL);

        assertEquals(3, s.size());
        assertEquals(List.of("background", "red", "blue"), s.classNames());
        LabeledImage first = s.load(0);
        assertArrayEquals(TinyWorld.draw(0).labels().labels(), first.labels().labels());
        assertArrayEquals(TinyWorld.draw(0).rgb(), first.rgb());
    }

    @Test
    void annotationLayoutPairsSamplesWithMasks(@TempDir Path dir) throws IOException {
        LabeledImage a = TinyWorld.draw(4);
        TinyWorld.write(dir.resolve("sample_0007.png"), a);
        Palette.writeIndexPng(dir.resolve("mask_0007.png"), a.labels());
        TinyWorld.write(dir.resolve("sample_0008.png"), a); // no mask: not annotated, skipped

        LabeledSource s = LabeledSources.open(dir, LabeledSources.Selection.ALL);

        assertEquals(1, s.size());
        assertEquals("sample_0007.png", s.load(0).name());
    }

    @Test
    void generatedDatasetKeptOrAllSamples(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder metadata = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String name = String.format("%06d.png", i);
            boolean dropped = i == 1;
            Path root = dropped ? dir.resolve("filtered") : dir;
            LabeledImage image = TinyWorld.draw(i);
            TinyWorld.write(root.resolve("image").resolve(name), image);
            Files.createDirectories(root.resolve("label"));
            Palette.writeIndexPng(root.resolve("label").resolve(name), image.labels());
            ObjectNode line = json.createObjectNode().put("index", i).put("image", "image/" + name).put("label", "label/" + name);
            metadata.append(json.writeValueAsString(line)).append('\n');
        }
        Files.writeString(dir.resolve("metadata.jsonl"), metadata);

        LabeledSource kept = LabeledSources.open(dir, LabeledSources.Selection.KEPT);
        LabeledSource all = LabeledSources.open(dir, LabeledSources.Selection.ALL);

        assertEquals(2, kept.size());
        assertEquals(List.of("image/000000.png", "image/000002.png"), List.of(kept.load(0).name(), kept.load(1).name()));
        assertEquals(3, all.size());
        assertArrayEquals(TinyWorld.draw(1).labels().labels(), all.load(1).labels().labels());
    }

    @Test
    void imageAndLabelSubfolders(@TempDir Path dir) throws IOException {
        LabeledImage image = TinyWorld.draw(9);
        TinyWorld.write(dir.resolve("images").resolve("a.png"), image);
        Files.createDirectories(dir.resolve("labels"));
        Palette.writeIndexPng(dir.resolve("labels").resolve("a.png"), image.labels());

        LabeledSource s = LabeledSources.open(dir, LabeledSources.Selection.ALL);

        assertEquals(1, s.size());
        assertArrayEquals(image.labels().labels(), s.load(0).labels().labels());
    }

    @Test
    void cocoMasksBecomeSemanticLabels(@TempDir Path dir) throws IOException {
        LabeledImage image = TinyWorld.draw(3);
        TinyWorld.write(dir.resolve("img").resolve("x.png"), image);
        CocoWriter coco = new CocoWriter(List.of("background", "red", "blue"), "test");
        coco.add(1, "img/x.png", image.labels());
        coco.write(dir.resolve("coco.json"));

        LabeledSource s = LabeledSources.open(dir.resolve("coco.json"), LabeledSources.Selection.ALL);

        assertEquals(List.of("background", "red", "blue"), s.classNames());
        assertArrayEquals(image.labels().labels(), s.load(0).labels().labels());
    }

    @Test
    void cocoPolygonsAreRasterisedByPixelCentre(@TempDir Path dir) throws IOException {
        TinyWorld.write(dir.resolve("x.png"), TinyWorld.draw(1));
        Files.writeString(dir.resolve("c.json"), """
                {"images": [{"id": 5, "file_name": "x.png", "width": 16, "height": 16}],
                 "categories": [{"id": 100, "name": "thing"}],
                 "annotations": [{"id": 1, "image_id": 5, "category_id": 100, "area": 4,
                                  "segmentation": [[2, 2, 4, 2, 4, 4, 2, 4]]}]}
                """);

        LabeledSource s = LabeledSources.open(dir.resolve("c.json"), LabeledSources.Selection.ALL);
        LabelMap labels = s.load(0).labels();

        assertEquals(List.of("background", "thing"), s.classNames(), "category ids outside 1..254 are renumbered");
        int ones = 0;
        for (byte b : labels.labels()) ones += b;
        assertEquals(4, ones);
        assertEquals(1, labels.at(2, 2));
        assertEquals(1, labels.at(3, 3));
        assertEquals(0, labels.at(4, 4));
    }

    @Test
    void aFolderWithoutLabeledImagesSaysWhatItExpected(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "nothing here");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabeledSources.open(dir, LabeledSources.Selection.ALL));

        assertTrue(e.getMessage().startsWith(dir.toString()) && e.getMessage().contains("metadata.jsonl"), e.getMessage());
    }

    @Test
    void aLabelOfAnotherSizeIsNamed(@TempDir Path dir) throws IOException {
        TinyWorld.write(dir.resolve("image_0.png"), TinyWorld.draw(0));
        Palette.writeIndexPng(dir.resolve("label_0.png"), new LabelMap(8, 8, new byte[64]));

        LabeledSource s = LabeledSources.open(dir, LabeledSources.Selection.ALL);
        RuntimeException e = assertThrows(RuntimeException.class, () -> s.load(0));

        assertTrue(e.getMessage().contains("label_0.png") && e.getMessage().contains("16x16"), e.getMessage());
    }
}
