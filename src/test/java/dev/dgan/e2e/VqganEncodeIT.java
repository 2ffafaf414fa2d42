package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dgan sample --images}: images encoded to VQGAN codes and written as drawn samples are
 * (images re-decoded, code grids, manifest, taps), ready to annotate and train on.
 */
class VqganEncodeIT {

    private static void writeImages(Path dir, int side, String... names) throws Exception {
        Files.createDirectories(dir);
        Random r = new Random(11);
        for (String n : names) {
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) img.setRGB(x, y, r.nextInt(1 << 24));
            ImageIO.write(img, n.endsWith(".png") ? "png" : "jpg", dir.resolve(n).toFile());
        }
    }

    @Test
    void encodedImagesBecomeSamplesWithTheirCodesClassAndTaps(@TempDir Path dir) throws Exception {
        Path m = VqganInitIT.init(dir, "m");
        Path images = dir.resolve("in");
        writeImages(images, 16, "b.png", "a.jpg", "c.png");
        Files.writeString(images.resolve("notes.txt"), "not an image");
        String ckpt = m.resolve("generator.safetensors").toString(), config = m.resolve("config.json").toString();
        DganProcess.Result r = DganProcess.run("sample", "--backbone", "vqgan", "--checkpoint", ckpt, "--config", config,
                "--images", images.toString(), "--class", "3", "--save-features", "--batch", "2", "--out", dir.resolve("e").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("e/manifest.json").toFile());
        assertEquals("codes", manifest.get("latentKind").asText());
        List<String> sources = List.of("a.jpg", "b.png", "c.png");
        for (int i = 0; i < 3; i++) {
            JsonNode s = manifest.get("samples").get(i);
            assertEquals(sources.get(i), s.get("source").asText(), "sorted by name");
            assertEquals(3, s.get("classId").asInt());
            assertTrue(s.get("seed").isNull());
            assertTrue(Files.isRegularFile(dir.resolve("e").resolve(s.get("image").asText())));
        }
        try (SafetensorsFile latents = SafetensorsFile.open(dir.resolve("e/latents.safetensors"));
             SafetensorsFile f = SafetensorsFile.open(dir.resolve("e/features/sample_0002.safetensors"))) {
            assertEquals(DType.I64, latents.get("codes").dtype());
            assertArrayEquals(new long[] {3, 8, 8}, latents.get("codes").shape());
            assertArrayEquals(new long[] {3, 3, 3}, VqganInitIT.longs(latents, "c"));
            assertEquals("c.png", f.metadata().get("source"));
            assertArrayEquals(new long[] {32, 8, 8}, f.get("gpt.block3").shape(), "transformer taps for encoded codes");
        }
        // the written codes decode to the same images: what is annotated is what training re-renders
        DganProcess.Result again = DganProcess.run("sample", "--backbone", "vqgan", "--checkpoint", ckpt, "--config", config,
                "--latents", dir.resolve("e/latents.safetensors").toString(), "--out", dir.resolve("d").toString());
        assertEquals(0, again.exit(), again.err());
        for (int i = 0; i < 3; i++) {
            String png = String.format("sample_%04d.png", i);
            assertArrayEquals(Files.readAllBytes(dir.resolve("e").resolve(png)), Files.readAllBytes(dir.resolve("d").resolve(png)), png);
        }
    }

    @Test
    void aFirstStageAloneEncodesWithoutAClass(@TempDir Path dir) throws Exception {
        Path fixture = SampleParityIT.repository().resolve("plugins/vqgan/src/test/resources/vqgan-encoder");
        writeImages(dir.resolve("in"), 16, "x.png", "y.png");
        DganProcess.Result r = DganProcess.run("sample", "--backbone", "vqgan", "--checkpoint", fixture.resolve("last.ckpt").toString(),
                "--images", dir.resolve("in").toString(), "--out", dir.resolve("e").toString());
        assertEquals(0, r.exit(), r.err());
        try (SafetensorsFile latents = SafetensorsFile.open(dir.resolve("e/latents.safetensors"))) {
            assertArrayEquals(new long[] {2, 8, 8}, latents.get("codes").shape());
            assertTrue(!latents.names().contains("c"), "an unconditional first stage has no class ids");
        }
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        Path m = VqganInitIT.init(dir, "m");
        writeImages(dir.resolve("in"), 16, "a.png");
        writeImages(dir.resolve("in"), 24, "b.png");
        DganProcess.Result size = DganProcess.run("sample", "--backbone", "vqgan", "--checkpoint", m.resolve("generator.safetensors").toString(),
                "--config", m.resolve("config.json").toString(), "--images", dir.resolve("in").toString(), "--class", "0",
                "--out", dir.resolve("x").toString());
        assertTrue(size.exit() != 0, size.err());
        assertTrue(size.err().contains(dir.resolve("in/b.png") + ": image is 24x24, expected 16x16"), size.err());
        assertTrue(size.err().strip().lines().count() == 1, size.err());

        DganProcess.Result style = DganProcess.run("sample", "--backbone", "stylegan2", "--images", dir.resolve("in").toString(),
                "--out", dir.resolve("y").toString());
        assertTrue(style.exit() != 0, style.err());
        assertTrue(style.err().contains("--images: backbone stylegan2 (") && style.err().contains("cannot encode images"), style.err());
        assertTrue(style.err().strip().lines().filter(l -> !l.startsWith("using the bundled demo")).count() == 1, style.err());
    }
}
