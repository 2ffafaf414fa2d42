package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.dgan.host.annotate.LabelMeJsonTest.grid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COCO files as annotation tools export them, read as the annotations of a sample folder. */
class CocoAnnotationsTest {

    @TempDir
    Path dir;

    /**
     * CVAT's "COCO 1.0" export (annotations/instances_default.json): category ids from 1 with
     * a gap, every task image listed (sample_0001 has no annotation), polygons with iscrowd 0,
     * a brush mask as uncompressed RLE with iscrowd 1, and a compressed RLE as a semantic
     * export (one region per category) has.
     */
    static final String CVAT = """
            {
              "licenses": [{"name": "", "id": 0, "url": ""}],
              "info": {"contributor": "", "date_created": "", "description": "", "url": "", "version": "", "year": ""},
              "categories": [
                {"id": 1, "name": "cat", "supercategory": ""},
                {"id": 3, "name": "dog", "supercategory": ""}
              ],
              "images": [
                {"id": 1, "width": 4, "height": 4, "file_name": "sample_0000.png", "license": 0, "flickr_url": "", "coco_url": "", "date_captured": 0},
                {"id": 2, "width": 4, "height": 4, "file_name": "sample_0001.png", "license": 0, "flickr_url": "", "coco_url": "", "date_captured": 0},
                {"id": 3, "width": 4, "height": 4, "file_name": "sample_0002.png", "license": 0, "flickr_url": "", "coco_url": "", "date_captured": 0}
              ],
              "annotations": [
                {"id": 1, "image_id": 1, "category_id": 3, "segmentation": {"counts": [10, 2, 2, 2], "size": [4, 4]},
                 "area": 4.0, "bbox": [2.0, 2.0, 2.0, 2.0], "iscrowd": 1, "attributes": {"occluded": false}},
                {"id": 2, "image_id": 1, "category_id": 1, "segmentation": [[0.0, 0.0, 4.0, 0.0, 4.0, 3.0, 0.0, 3.0]],
                 "area": 12.0, "bbox": [0.0, 0.0, 4.0, 3.0], "iscrowd": 0, "attributes": {"occluded": false}},
                {"id": 3, "image_id": 3, "category_id": 1, "segmentation": {"counts": "448", "size": [4, 4]},
                 "area": 4.0, "bbox": [1.0, 0.0, 1.0, 4.0], "iscrowd": 0, "attributes": {"occluded": false}}
              ]
            }
            """;

    /**
     * Label Studio's "COCO" export (result.json): category ids from 0, uploaded images with a
     * folder and the upload prefix in file_name, polygons only, an "ignore" field.
     */
    static final String LABEL_STUDIO = """
            {
              "images": [
                {"width": 4, "height": 4, "id": 0, "file_name": "images/5d2c9a1e-sample_0001.png"}
              ],
              "categories": [{"id": 0, "name": "dog"}, {"id": 1, "name": "cat"}],
              "annotations": [
                {"id": 0, "image_id": 0, "category_id": 1, "segmentation": [[0.0, 0.0, 2.0, 0.0, 2.0, 4.0, 0.0, 4.0]],
                 "bbox": [0.0, 0.0, 2.0, 4.0], "ignore": 0, "iscrowd": 0, "area": 8.0},
                {"id": 1, "image_id": 0, "category_id": 0, "segmentation": [[3.0, 3.0, 4.0, 3.0, 4.0, 4.0, 3.0, 4.0]],
                 "bbox": [3.0, 3.0, 1.0, 1.0], "ignore": 0, "iscrowd": 0, "area": 1.0}
              ],
              "info": {"year": 2024, "version": "1.0", "description": "", "contributor": "Label Studio", "url": "", "date_created": "2024-05-02 10:11:12.000000"}
            }
            """;

    static List<String> labels(AnnotationSet set, int sample) {
        return grid((LabelMap) set.samples().stream().filter(s -> s.index() == sample).findFirst().orElseThrow().annotation());
    }

    @Test
    void readsACvatExportInItsAnnotationsFolder() throws Exception {
        Fixtures.sampleDir(dir, 3, 4);
        Files.createDirectories(dir.resolve("annotations"));
        Files.writeString(dir.resolve("annotations/instances_default.json"), CVAT);
        AnnotationSet set = AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION);

        assertEquals(List.of("background", "cat", "dog"), set.labels());
        // only images with annotations count: sample_0001 is listed in the export but not annotated
        assertEquals(List.of(0, 2), set.samples().stream().map(AnnotatedSample::index).toList());
        // the cat polygon covers rows 0..2; the smaller crowd region (dog, id 3 -> class 2) is painted over it
        assertEquals(List.of("1111", "1111", "1122", "0022"), labels(set, 0));
        // compressed RLE: column 1 set
        assertEquals(List.of("0100", "0100", "0100", "0100"), labels(set, 2));
    }

    @Test
    void readsALabelStudioExportWithTheClassesFromItsCategories() throws Exception {
        Fixtures.sampleDir(dir, 2, 4);
        Files.delete(dir.resolve("classes.txt"));
        Files.writeString(dir.resolve("result.json"), LABEL_STUDIO);
        AnnotationSet set = AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION);
        // no class list: background, then the categories in id order
        assertEquals(List.of("background", "dog", "cat"), set.labels());
        assertEquals(List.of(1), set.samples().stream().map(AnnotatedSample::index).toList());
        assertEquals(List.of("2200", "2200", "2200", "2201"), labels(set, 1));

        // with a class list the categories are matched by name, whatever their ids
        Fixtures.lines(dir.resolve("classes.txt"), "background", "cat", "dog");
        assertEquals(List.of("1100", "1100", "1100", "1102"), labels(AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION), 1));
    }

    @Test
    void errorsNameTheFileAndField() throws Exception {
        Fixtures.sampleDir(dir, 2, 4);
        Path file = dir.resolve("result.json");

        Files.writeString(file, LABEL_STUDIO.replace("\"name\": \"cat\"", "\"name\": \"horse\""));
        String message = fail();
        assertTrue(message.contains(file + ": field categories[1].name: expected a category name from the class list"
                + " [background, cat, dog]"), message);

        Files.writeString(file, LABEL_STUDIO.replace("5d2c9a1e-sample_0001.png", "sample_0009.png"));
        message = fail();
        assertTrue(message.contains(file + ": field images[0].file_name: names images/sample_0009.png, expected the image of a sample"
                + " that manifest.json lists"), message);

        Files.writeString(file, CVAT.replace("\"counts\": [10, 2, 2, 2], \"size\": [4, 4]", "\"counts\": [10, 2, 2, 2], \"size\": [4, 5]"));
        message = fail();
        assertTrue(message.contains(file + ": field annotations[0].segmentation.size: expected [4, 4] (the image's height and width),"
                + " got [4,5]"), message);

        Files.writeString(file, CVAT.replace("[[0.0, 0.0, 4.0, 0.0, 4.0, 3.0, 0.0, 3.0]]", "[[0.0, 0.0, 4.0]]"));
        message = fail();
        assertTrue(message.contains(file + ": field annotations[1].segmentation[0]: expected a polygon [x0, y0, x1, y1, ...] of at"
                + " least 3 points, got [0.0,0.0,4.0]"), message);

        Files.writeString(file, CVAT.replace("\"category_id\": 3", "\"category_id\": 2"));
        message = fail();
        assertTrue(message.contains(file + ": field annotations[0].category_id: expected a category id from categories [1, 3], got 2"),
                message);

        Files.writeString(file, CVAT);
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 4, 4, new int[16]);
        message = fail();
        assertTrue(message.contains("mask_0000.png and " + file + ": two annotations of sample 0"), message);
    }

    String fail() {
        return assertThrows(AnnotationException.class, () -> AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION)).getMessage();
    }

    @Test
    void sampleNamesDropFoldersAndUploadPrefixes() {
        assertEquals("sample_0003.png", CocoAnnotations.sampleName("images/sample_0003.png"));
        assertEquals("sample_0003.png", CocoAnnotations.sampleName("..\\data\\upload\\1\\0a1b2c3d-sample_0003.png"));
        assertEquals("sample_0003.png", CocoAnnotations.sampleName("sample_0003.png"));
    }
}
