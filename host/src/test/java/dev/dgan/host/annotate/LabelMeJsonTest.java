package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.tasks.segmentation.LabelMeJson;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.dgan.host.annotate.Fixtures.labelMe;
import static dev.dgan.host.annotate.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelMeJsonTest {

    static final List<String> CLASSES = List.of("background", "cat", "dog");
    static final ImageSize SIZE = new ImageSize(6, 6);

    @TempDir
    Path dir;

    /** Rows as digits, void as 'v'. */
    static List<String> grid(LabelMap map) {
        var rows = new java.util.ArrayList<String>();
        for (int y = 0; y < map.height(); y++) {
            StringBuilder row = new StringBuilder();
            for (int x = 0; x < map.width(); x++) row.append(map.at(x, y) == LabelMap.VOID ? "v" : Integer.toString(map.at(x, y)));
            rows.add(row.toString());
        }
        return rows;
    }

    LabelMap read(List<Map<String, Object>> shapes) throws Exception {
        Path file = dir.resolve("sample_0000.json");
        Fixtures.json(file, labelMe("sample_0000.png", 6, 6, shapes));
        return LabelMeJson.read(file, "sample_0000.png", SIZE, CLASSES);
    }

    @Test
    void ignoreMarksVoidAndBackgroundIsClassZero() throws Exception {
        var box = shape("dog", "rectangle", new double[] {0, 0}, new double[] {5, 5});
        var ignore = shape(LabelMeJson.IGNORE, "rectangle", new double[] {0, 0}, new double[] {1, 1});
        var background = shape(LabelMeJson.BACKGROUND, "rectangle", new double[] {4, 4}, new double[] {5, 5});
        assertEquals(List.of("vv2222", "vv2222", "222222", "222222", "222200", "222200"), grid(read(List.of(box, ignore, background))));
    }

    @Test
    void shapesReachingPastTheImageAreClipped() throws Exception {
        var big = shape("cat", "polygon", new double[] {-10, -10}, new double[] {20, -10}, new double[] {20, 20}, new double[] {-10, 20});
        assertTrue(grid(read(List.of(big))).stream().allMatch("111111"::equals));
    }

    @Test
    void imageSizeMustBeTheSamples() throws Exception {
        Path file = dir.resolve("sample_0000.json");
        Fixtures.json(file, labelMe("sample_0000.png", 6, 5, List.of()));
        var e = assertThrows(AnnotationException.class, () -> LabelMeJson.read(file, "sample_0000.png", SIZE, CLASSES));
        assertTrue(e.getMessage().contains("sample_0000.json") && e.getMessage().contains("imageWidth x imageHeight are 6x5")
                && e.getMessage().contains("expected 6x6"), e.getMessage());
    }

    @Test
    void unknownLabelNamesTheShapeAndTheClassList() {
        var e = assertThrows(AnnotationException.class,
                () -> read(List.of(shape("horse", "polygon", new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}))));
        assertTrue(e.getMessage().contains("field shapes[0].label") && e.getMessage().contains("[background, cat, dog], _background_ or __ignore__")
                && e.getMessage().contains("\"horse\""), e.getMessage());
    }

    @Test
    void imagePathMustNameTheSample() throws Exception {
        Path file = dir.resolve("sample_0000.json");
        Fixtures.json(file, labelMe("..\\other\\sample_0007.png", 6, 6, List.of()));
        var e = assertThrows(AnnotationException.class, () -> LabelMeJson.read(file, "sample_0000.png", SIZE, CLASSES));
        assertTrue(e.getMessage().contains("imagePath names sample_0007.png, expected sample_0000.png"), e.getMessage());
        Fixtures.json(file, labelMe("../samples/sample_0000.png", 6, 6, List.of()));
        assertEquals(0, LabelMeJson.read(file, "sample_0000.png", SIZE, CLASSES).at(0, 0));
    }

    @Test
    void corruptJsonNamesTheFileAndLine() throws Exception {
        Path file = dir.resolve("sample_0000.json");
        Files.writeString(file, "{\n \"shapes\": [\n");
        var e = assertThrows(AnnotationException.class, () -> LabelMeJson.read(file, "sample_0000.png", SIZE, CLASSES));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON (line"), e.getMessage());
        // Jackson's limits fail without a position
        Files.writeString(file, "{\"shapes\": " + "[".repeat(1001));
        e = assertThrows(AnnotationException.class, () -> LabelMeJson.read(file, "sample_0000.png", SIZE, CLASSES));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON: Document nesting depth (1001) exceeds the maximum allowed"),
                e.getMessage());
    }
}
