package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.task.AnnotationReader;
import dev.dgan.tasks.bigdatasetgan.BigDatasetGanTask;
import dev.dgan.tasks.keypoints.KeypointAnnotations;
import dev.dgan.tasks.keypoints.KeypointTask;
import dev.dgan.tasks.segmentation.SegmentationTask;
import dev.dgan.tasks.segmentation.SegmentationAnnotations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dgan.host.annotate.Fixtures.keypoint;
import static dev.dgan.host.annotate.Fixtures.labelMe;
import static dev.dgan.host.annotate.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotationSetTest {

    static final Path DEMO = Path.of("..", "demo", "annotations");

    @TempDir
    Path dir;

    static final AnnotationReader SEGMENTATION = new SegmentationAnnotations();
    static final AnnotationReader KEYPOINTS = new KeypointAnnotations();

    static String fail(Path dir, AnnotationReader reader) {
        return assertThrows(AnnotationException.class, () -> AnnotationSet.read(dir, reader)).getMessage();
    }

    @Test
    void readsASampleRunWithMasksAndLabelMeFiles() throws Exception {
        Fixtures.sampleDir(dir, 4, 2);
        Fixtures.indexedPng(dir.resolve("mask_0000.png"), 2, 2, 0, 1, 2, 255);
        Fixtures.json(dir.resolve("sample_0002.json"), labelMe("sample_0002.png", 2, 2,
                List.of(shape("dog", "rectangle", new double[] {0, 0}, new double[] {1, 2}))));
        AnnotationSet set = AnnotationSet.read(dir, SEGMENTATION);

        assertEquals(dir, set.dir());
        assertEquals("segmentation masks", set.kind());
        assertEquals(List.of("background", "cat", "dog"), set.labels());
        assertEquals(dir.resolve("latents.safetensors"), set.latents());
        assertEquals("w", set.latentKind());
        assertEquals(0.7, set.truncation());
        assertEquals(new SourceBackbone("stylegan2", "/models/net.pkl", null, "ab12"), set.backbone());
        assertEquals(List.of(0, 2), set.samples().stream().map(AnnotatedSample::index).toList());
        AnnotatedSample first = set.samples().get(0);
        assertEquals(100L, first.seed());
        assertEquals(0, first.latentRow());
        assertEquals(dir.resolve("sample_0000.png"), first.imageFile());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, ((LabelMap) first.annotation()).labels());
        // LabelMe's rectangle (0, 0)-(1, 2) covers its corner pixels: the whole 2 x 2 image
        assertArrayEquals(new byte[] {2, 2, 2, 2}, ((LabelMap) set.samples().get(1).annotation()).labels());
        assertEquals(102L, set.samples().get(1).seed());
    }

    @Test
    void classIdsTheManifestRecordsAreReadBackPerSample() throws Exception {
        Fixtures.sampleDir(dir, 3, 2);
        Path manifest = dir.resolve("manifest.json");
        var root = (ObjectNode) Fixtures.JSON.readTree(manifest.toFile());
        ((ObjectNode) root.get("samples").get(0)).put("classId", 7);
        ((ObjectNode) root.get("samples").get(2)).put("classId", 3);
        Fixtures.JSON.writeValue(manifest.toFile(), root);
        for (int i = 0; i < 3; i++) Fixtures.indexedPng(dir.resolve(String.format("mask_%04d.png", i)), 2, 2, 0, 1, 1, 0);
        AnnotationSet set = AnnotationSet.read(dir, SEGMENTATION);
        assertEquals(java.util.Arrays.asList(7, null, 3), set.samples().stream().map(AnnotatedSample::classId).toList());

        ((ObjectNode) root.get("samples").get(2)).put("classId", -1);
        Fixtures.JSON.writeValue(manifest.toFile(), root);
        String message = assertThrows(AnnotationException.class, () -> AnnotationSet.read(dir, SEGMENTATION)).getMessage();
        assertTrue(message.contains("manifest.json") && message.contains("classId"), message);
    }

    @Test
    void onlyTheKeypointTaskLearnsFromKeypointFiles() {
        assertEquals("keypoints", new KeypointTask().annotations().kind());
        assertEquals(SEGMENTATION.kind(), new SegmentationTask().annotations().kind());
        assertEquals(SEGMENTATION.kind(), new BigDatasetGanTask().annotations().kind());
    }

    @Test
    void readsKeypoints() throws Exception {
        Fixtures.sampleDir(dir, 3, 8);
        Fixtures.lines(dir.resolve("keypoints.txt"), "nose", "tail");
        Fixtures.json(dir.resolve("keypoints_0001.json"), Map.of("keypoints", List.of(keypoint("tail", 7.5, 0.5, false))));
        AnnotationSet set = AnnotationSet.read(dir, KEYPOINTS);
        assertEquals(List.of("nose", "tail"), set.labels());
        assertEquals(1, set.samples().size());
        KeypointSet points = assertInstanceOf(KeypointSet.class, set.samples().getFirst().annotation());
        assertEquals(List.of(new KeypointSet.Keypoint("tail", 7.5, 0.5, false)), points.points());
        assertEquals(1, set.samples().getFirst().latentRow());
    }

    @Test
    void readsTheDemoBundle() throws Exception {
        AnnotationSet set = AnnotationSet.read(DEMO, SEGMENTATION);
        assertEquals(List.of("background", "body", "eye", "mouth"), set.labels());
        assertEquals(16, set.samples().size());
        assertEquals("z", set.latentKind());
        assertEquals(1.0, set.truncation());
        assertNull(set.backbone());
        assertEquals(DEMO.resolve("latents.safetensors"), set.latents());
        JsonNode index = Fixtures.JSON.readTree(DEMO.resolve("index.json").toFile());
        for (AnnotatedSample sample : set.samples()) {
            JsonNode listed = index.get("samples").get(sample.index());
            assertEquals(listed.get("seed").asLong(), sample.seed());
            assertEquals(listed.get("latent_row").asInt(), sample.latentRow());
            LabelMap map = (LabelMap) sample.annotation();
            assertEquals(32, map.width());
            long[] counts = new long[4];
            for (byte b : map.labels()) counts[b & 0xFF]++;
            for (int c = 0; c < 4; c++) {
                assertEquals(listed.get("pixel_counts").get(set.labels().get(c)).asLong(), counts[c], "sample " + sample.index() + " class " + c);
            }
        }
    }

    /** A demo-layout directory: index.json with label_ids, two 2x2 samples, the first with a listed mask. */
    private Path demoLayout(Map<String, Object> labelIds) throws Exception {
        Fixtures.rgbPng(dir.resolve("sample_0000.png"), 2, 2);
        Fixtures.rgbPng(dir.resolve("sample_0001.png"), 2, 2);
        Fixtures.grayPng(dir.resolve("labels_a.png"), 2, 2, 0, 1, 1, 0);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("truncation_psi", 0.5);
        doc.put("label_ids", labelIds);
        doc.put("samples", List.of(
                Map.of("seed", 7, "image", "sample_0000.png", "mask", "labels_a.png", "latent_row", 3),
                Map.of("seed", 8, "image", "sample_0001.png", "latent_row", 4)));
        Fixtures.json(dir.resolve("index.json"), doc);
        return dir;
    }

    @Test
    void labelMeLabelsTxtDoesNotShiftClassIds() throws Exception {
        Fixtures.sampleDir(dir, 1, 2);
        Files.delete(dir.resolve("classes.txt"));
        Fixtures.lines(dir.resolve("labels.txt"), "__ignore__", "_background_", "cat", "dog");
        Fixtures.json(dir.resolve("sample_0000.json"), labelMe("sample_0000.png", 2, 2, List.of(
                shape("cat", "rectangle", new double[] {0, 0}, new double[] {1, 0}),
                shape("__ignore__", "point", new double[] {-5, 3}))));
        AnnotationSet set = AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION);
        assertEquals(List.of("_background_", "cat", "dog"), set.labels());
        // cat is class 1 as in LabelMe's export; the point's disc reaches (0, 1) only, which is void
        assertArrayEquals(new byte[] {1, 1, (byte) 255, 0}, ((LabelMap) set.samples().getFirst().annotation()).labels());
    }

    @Test
    void keypointsFromLabelMePoints() throws Exception {
        Fixtures.sampleDir(dir, 2, 8);
        Fixtures.lines(dir.resolve("keypoints.txt"), "nose", "tail");
        Fixtures.json(dir.resolve("sample_0001.json"), labelMe("sample_0001.png", 8, 8, List.of(
                shape("tail", "point", new double[] {7.5, 0.25}), shape("nose", "point", new double[] {2, 3}))));
        AnnotationSet set = AnnotationSet.read(dir, AnnotationSetTest.KEYPOINTS);
        KeypointSet points = (KeypointSet) set.samples().getFirst().annotation();
        assertEquals(1, set.samples().getFirst().index());
        assertEquals(List.of(new KeypointSet.Keypoint("tail", 7.5, 0.25, true), new KeypointSet.Keypoint("nose", 2, 3, true)),
                points.points());

        Fixtures.json(dir.resolve("sample_0001.json"), labelMe("sample_0001.png", 8, 8, List.of(
                shape("nose", "point", new double[] {2, 3}), shape("nose", "rectangle", new double[] {0, 0}, new double[] {1, 1}))));
        assertTrue(fail(dir, KEYPOINTS).contains("sample_0001.json: field shapes[1].shape_type: expected point (a keypoints task"
                + " reads LabelMe point shapes, one per keypoint), got \"rectangle\""));
        Fixtures.json(dir.resolve("sample_0001.json"), labelMe("sample_0001.png", 8, 8, List.of(
                shape("ear", "point", new double[] {2, 3}))));
        assertTrue(fail(dir, KEYPOINTS).contains("field shapes[0].label: expected a keypoint name from keypoints.txt [nose, tail]"));
        Fixtures.json(dir.resolve("sample_0001.json"), labelMe("sample_0001.png", 8, 8, List.of(
                shape("nose", "point", new double[] {9, 3}))));
        assertTrue(fail(dir, KEYPOINTS).contains("field shapes[0].points: expected a point within the image, x 0 to 8 and y 0 to 8"));
        Fixtures.json(dir.resolve("keypoints_0001.json"), Map.of("keypoints", List.of(keypoint("nose", 1, 1, null))));
        assertTrue(fail(dir, KEYPOINTS).contains("two annotations of sample 1"));
    }

    @Test
    void demoLayoutUsesTheListedMaskAndLabelIds() throws Exception {
        AnnotationSet set = AnnotationSet.read(demoLayout(Map.of("0", "sky", "1", "kite")), SEGMENTATION);
        assertEquals(List.of("sky", "kite"), set.labels());
        assertEquals(0.5, set.truncation());
        assertEquals(1, set.samples().size());
        assertEquals(7L, set.samples().getFirst().seed());
        assertEquals(3, set.samples().getFirst().latentRow());
        assertArrayEquals(new byte[] {0, 1, 1, 0}, ((LabelMap) set.samples().getFirst().annotation()).labels());
        // classes.txt wins over label_ids
        Fixtures.lines(dir.resolve("classes.txt"), "a", "b", "c");
        assertEquals(List.of("a", "b", "c"), AnnotationSet.read(dir, SEGMENTATION).labels());
    }

    @Test
    void demoLayoutErrors() throws Exception {
        demoLayout(Map.of("0", "sky", "2", "kite"));
        assertTrue(fail(dir, SEGMENTATION).contains("index.json: field label_ids: expected class ids 0 to 1 as keys, but \"1\" is missing"));
        demoLayout(Map.of("0", "sky", "1", "kite"));
        Files.delete(dir.resolve("labels_a.png"));
        String message = fail(dir, SEGMENTATION);
        assertTrue(message.contains("labels_a.png: missing, expected the mask of sample 0 that index.json names"), message);
    }

    @Test
    void samplesWithoutAnnotationOrImageAreSkipped() throws Exception {
        Fixtures.sampleDir(dir, 3, 2);
        Files.delete(dir.resolve("sample_0001.png"));
        Fixtures.grayPng(dir.resolve("mask_0002.png"), 2, 2, 0, 0, 0, 1);
        assertEquals(List.of(2), AnnotationSet.read(dir, SEGMENTATION).samples().stream().map(AnnotatedSample::index).toList());
    }

    @Test
    void maskOfTheWrongSize() throws Exception {
        Fixtures.sampleDir(dir, 2, 4);
        Fixtures.grayPng(dir.resolve("mask_0001.png"), 2, 2, 0, 0, 0, 0);
        assertEquals(dir.resolve("mask_0001.png") + ": size 2x2, expected 4x4 (the size of the sample image)", fail(dir, SEGMENTATION));
    }

    @Test
    void unknownClassId() throws Exception {
        Fixtures.sampleDir(dir, 1, 2);
        Fixtures.indexedPng(dir.resolve("mask_0000.png"), 2, 2, 0, 0, 0, 7);
        String message = fail(dir, SEGMENTATION);
        assertTrue(message.contains("mask_0000.png: pixel (1, 1) has class id 7, expected a class id below 3 (the class list) or 255"), message);
    }

    @Test
    void annotationOfASampleTheManifestDoesNotList() throws Exception {
        Fixtures.sampleDir(dir, 2, 2);
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 2, 2, 0, 0, 0, 0);
        Fixtures.grayPng(dir.resolve("mask_0009.png"), 2, 2, 0, 0, 0, 0);
        String message = fail(dir, SEGMENTATION);
        assertTrue(message.startsWith(dir.resolve("mask_0009.png") + ": annotates no sample that manifest.json lists"), message);
    }

    @Test
    void annotatedSampleWhoseImageIsMissing() throws Exception {
        Fixtures.sampleDir(dir, 2, 2);
        Files.delete(dir.resolve("sample_0001.png"));
        Fixtures.grayPng(dir.resolve("mask_0001.png"), 2, 2, 0, 0, 0, 0);
        String message = fail(dir, SEGMENTATION);
        assertTrue(message.contains("mask_0001.png: annotates sample 1, expected its image") && message.contains("the image is missing"), message);
    }

    @Test
    void twoAnnotationsOfOneSample() throws Exception {
        Fixtures.sampleDir(dir, 1, 2);
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 2, 2, 0, 0, 0, 0);
        Fixtures.json(dir.resolve("sample_0000.json"), labelMe("sample_0000.png", 2, 2, List.of()));
        assertTrue(fail(dir, SEGMENTATION).contains("two annotations of sample 0, expected one"));
    }

    @Test
    void corruptSampleImage() throws Exception {
        Fixtures.sampleDir(dir, 1, 2);
        Files.writeString(dir.resolve("sample_0000.png"), "garbage");
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 2, 2, 0, 0, 0, 0);
        assertTrue(fail(dir, SEGMENTATION).startsWith(dir.resolve("sample_0000.png") + ": expected a PNG image"));
    }

    @Test
    void manifestProblems() throws Exception {
        Fixtures.sampleDir(dir, 1, 2);
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 2, 2, 0, 0, 0, 0);
        Path manifest = dir.resolve("manifest.json");
        ObjectNode doc = (ObjectNode) Fixtures.JSON.readTree(manifest.toFile());

        doc.put("format", "dgan-samples/9");
        Fixtures.json(manifest, doc);
        assertEquals(manifest + ": field format: expected \"dgan-samples/1\", got \"dgan-samples/9\"", fail(dir, SEGMENTATION));

        doc.put("format", "dgan-samples/1").put("latentKind", "x");
        Fixtures.json(manifest, doc);
        assertEquals(manifest + ": field latentKind: expected z, w, ws or codes, got \"x\"", fail(dir, SEGMENTATION));

        doc.put("latentKind", "z");
        ((ObjectNode) doc.get("samples").get(0)).remove("latentRow");
        Fixtures.json(manifest, doc);
        assertEquals(manifest + ": field samples[0].latentRow: expected a non-negative integer, got nothing (the field is missing)",
                fail(dir, SEGMENTATION));

        // a name no file system takes is the listing's error, not an InvalidPathException without the file
        ((ObjectNode) doc.get("samples").get(0)).put("latentRow", 0).put("image", "sample\u0000.png");
        Fixtures.json(manifest, doc);
        assertTrue(fail(dir, SEGMENTATION).startsWith(manifest + ": field samples[0].image: expected a relative path inside "));

        Files.writeString(manifest, "{\"format\": ");
        assertTrue(fail(dir, SEGMENTATION).startsWith(manifest + ": not valid JSON"));

        Files.delete(manifest);
        assertTrue(fail(dir, SEGMENTATION).contains("expected manifest.json (written by dgan sample) or index.json"));
    }

    @Test
    void missingNameLists() throws Exception {
        Fixtures.sampleDir(dir, 1, 2);
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 2, 2, 0, 0, 0, 0);
        Files.delete(dir.resolve("classes.txt"));
        assertTrue(fail(dir, SEGMENTATION).startsWith(dir.resolve("classes.txt") + ": missing; expected the class list"));
        assertTrue(fail(dir, KEYPOINTS).startsWith(dir.resolve("keypoints.txt") + ": missing; expected the keypoint names"));
    }

    @Test
    void nothingAnnotated() throws Exception {
        Fixtures.sampleDir(dir, 2, 2);
        String message = fail(dir, SEGMENTATION);
        assertTrue(message.contains("no annotated samples, expected at least one mask_NNNN.png or LabelMe sample_NNNN.json or COCO file entry"), message);
    }
}
