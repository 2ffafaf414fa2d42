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
    void polygonAndRectangleCoverPixelsWhoseCentresAreInsideAndLaterShapesWin() throws Exception {
        // triangle x + y < 4: a centre (x + .5, y + .5) is inside when x + y <= 2 (x + y = 3 lies on the edge, outside);
        // rectangle corners given in reverse: centres in [1, 4) x [1, 3), i.e. x 1..3, y 1..2
        var triangle = shape("cat", "polygon", new double[] {0, 0}, new double[] {4, 0}, new double[] {0, 4});
        var box = shape("dog", "rectangle", new double[] {4, 3}, new double[] {1, 1});
        assertEquals(List.of("111000", "122200", "122200", "000000", "000000", "000000"), grid(read(List.of(triangle, box))));
        assertEquals(List.of("111000", "112200", "122200", "000000", "000000", "000000"), grid(read(List.of(box, triangle))));
    }

    @Test
    void circleIsCentreAndAPointOnItAndIgnoreMarksVoid() throws Exception {
        // radius 2 around (3, 3): the 4 x 4 block of pixels 1..4 without its corners (distance sqrt(4.5) > 2)
        var disc = shape("dog", "circle", new double[] {3, 3}, new double[] {3, 5});
        var ignore = shape(LabelMeJson.IGNORE, "rectangle", new double[] {0, 0}, new double[] {1, 1});
        assertEquals(List.of("v00000", "002200", "022220", "022220", "002200", "000000"), grid(read(List.of(disc, ignore))));
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
        assertTrue(e.getMessage().contains("field shapes[0].label") && e.getMessage().contains("[background, cat, dog]")
                && e.getMessage().contains("\"horse\""), e.getMessage());
    }

    @Test
    void shapesWithoutAreaAndShortPolygonsAreRejected() {
        var line = shape("cat", "line", new double[] {0, 0}, new double[] {3, 3});
        var e = assertThrows(AnnotationException.class, () -> read(List.of(line)));
        assertTrue(e.getMessage().contains("shapes[0].shape_type: expected polygon, rectangle or circle"), e.getMessage());
        var twoPoints = shape("cat", "polygon", new double[] {0, 0}, new double[] {3, 3});
        e = assertThrows(AnnotationException.class, () -> read(List.of(twoPoints)));
        assertTrue(e.getMessage().contains("shapes[0].points: expected at least 3 points"), e.getMessage());
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
    }
}
