package dev.dgan.host.annotate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listing (the demo layout's index.json or dgan sample's manifest.json) names files by path;
 * none of them may lead out of the annotation folder, whichever way: .., an absolute path or a
 * symbolic link. Each refusal names the listing, the field and the value.
 */
class FolderPathTest {

    @TempDir
    Path root;

    private Path dir;
    private Path secret;

    private Path setUp() throws Exception {
        dir = Files.createDirectories(root.resolve("a/b/c/annotations"));
        secret = root.resolve("secret.png");
        Fixtures.grayPng(secret, 2, 2, 0, 1, 1, 0);
        Fixtures.rgbPng(dir.resolve("sample_0000.png"), 2, 2);
        Fixtures.grayPng(dir.resolve("mask_0000.png"), 2, 2, 0, 1, 1, 0);
        return dir;
    }

    private void index(String image, String mask) throws Exception {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("seed", 0);
        sample.put("image", image);
        sample.put("mask", mask);
        sample.put("latent_row", 0);
        Fixtures.json(dir.resolve("index.json"), Map.of("truncation_psi", 1.0, "label_ids", Map.of("0", "bg", "1", "fg"),
                "samples", List.of(sample)));
    }

    private void refused(String field, String value) {
        String message = AnnotationSetTest.fail(dir, AnnotationSetTest.SEGMENTATION);
        assertTrue(message.contains(": field " + field + ": expected a relative path inside " + dir), message);
        assertTrue(message.contains("must stay inside its folder"), message);
        if (value.length() < 50) assertTrue(message.contains("got \"" + value + "\""), message); // longer values are cut
    }

    @Test
    void demoIndexPathsOutOfTheFolderAreRefused() throws Exception {
        setUp();
        for (String escape : List.of("../../../../secret.png", "/etc/passwd", secret.toString(), "x/../../../../../secret.png", ".")) {
            index("sample_0000.png", escape);
            refused("samples[0].mask", escape);
            index(escape, "mask_0000.png");
            refused("samples[0].image", escape);
        }
        index("sample_0000.png", "mask_0000.png");
        assertEquals(1, AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION).samples().size(), "the folder's own files still read");
    }

    @Test
    void symbolicLinksOutOfTheFolderAreRefusedAndLinksWithinItAreNot() throws Exception {
        setUp();
        Files.createSymbolicLink(dir.resolve("linked_mask.png"), secret);
        index("sample_0000.png", "linked_mask.png");
        refused("samples[0].mask", "linked_mask.png");

        Files.createSymbolicLink(dir.resolve("outside"), root);
        index("sample_0000.png", "outside/secret.png");
        refused("samples[0].mask", "outside/secret.png");

        Files.createDirectories(dir.resolve("masks"));
        Files.move(dir.resolve("mask_0000.png"), dir.resolve("masks/mask_0000.png"));
        Files.createSymbolicLink(dir.resolve("inner.png"), dir.resolve("masks/mask_0000.png"));
        index("sample_0000.png", "inner.png");
        assertEquals(1, AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION).samples().size());
        index("sample_0000.png", "masks/mask_0000.png");
        assertEquals(1, AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION).samples().size());
    }

    @Test
    void manifestPathsOutOfTheFolderAreRefusedToo() throws Exception {
        dir = Files.createDirectories(root.resolve("samples"));
        Fixtures.sampleDir(dir, 1, 2);
        Fixtures.indexedPng(dir.resolve("mask_0000.png"), 2, 2, 0, 1, 2, 255);
        Path manifest = dir.resolve("manifest.json");
        ObjectNode original = (ObjectNode) Fixtures.JSON.readTree(manifest.toFile());

        ObjectNode doc = original.deepCopy();
        doc.put("latents", "/etc/passwd");
        Fixtures.JSON.writeValue(manifest.toFile(), doc);
        refused("latents", "/etc/passwd");

        doc = original.deepCopy();
        ((ObjectNode) doc.get("samples").get(0)).put("image", "../../../../etc/passwd");
        Fixtures.JSON.writeValue(manifest.toFile(), doc);
        refused("samples[0].image", "../../../../etc/passwd");

        Fixtures.JSON.writeValue(manifest.toFile(), original);
        assertEquals(1, AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION).samples().size());
    }
}
