package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dgan sample} on the bundled demo generator. The demo's annotated samples were made
 * by the reference implementation from seeds 0..15, so the same seeds must give the same
 * latents and (up to float rounding at a pixel boundary) the same images.
 */
class SampleCommandIT {

    static Path demo() {
        return DganProcess.dist().resolve("demo");
    }

    static DganProcess.Result sample(Path out, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("sample", "--backbone", "stylegan2",
                "--checkpoint", demo().resolve("G_ema.safetensors").toString(),
                "--config", demo().resolve("config.json").toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return DganProcess.run(args.toArray(String[]::new));
    }

    @Test
    void seedsReproduceTheReferenceSamplesAndRerunsAreIdentical(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        DganProcess.Result r = sample(a, "--count", "5", "--seed", "0", "--batch", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wrote 5 samples"), r.out());

        float[] z = floats(a.resolve("latents.safetensors"), "z");
        float[] reference = floats(demo().resolve("annotations/latents.safetensors"), "z");
        assertArrayEquals(Arrays.copyOf(reference, 5 * 64), z, "z rows must be RandomState(seed).randn(1, 64)");

        for (int i = 0; i < 5; i++) {
            String name = String.format("sample_%04d.png", i);
            BufferedImage ours = ImageIO.read(a.resolve(name).toFile());
            BufferedImage theirs = ImageIO.read(demo().resolve("annotations/" + name).toFile());
            int[] diff = pixelDiff(ours, theirs);
            assertTrue(diff[0] <= 1, name + ": max channel difference " + diff[0]);
            assertTrue(diff[1] <= 32 * 32 / 100, name + ": " + diff[1] + " pixels differ");
        }

        JsonNode manifest = new ObjectMapper().readTree(a.resolve("manifest.json").toFile());
        assertEquals("dgan-samples/1", manifest.get("format").asText());
        assertEquals("stylegan2", manifest.at("/backbone/name").asText());
        assertEquals(32, manifest.at("/backbone/resolution").asInt());
        assertEquals(64, manifest.at("/backbone/checkpointSha256").asText().length());
        assertEquals(5, manifest.get("samples").size());
        assertEquals(3, manifest.at("/samples/3/seed").asLong());
        assertEquals("sample_0003.png", manifest.at("/samples/3/image").asText());

        Path b = dir.resolve("b");
        assertEquals(0, sample(b, "--count", "5", "--seed", "0", "--batch", "2").exit());
        for (String f : List.of("sample_0000.png", "sample_0004.png", "latents.safetensors", "manifest.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs on rerun");
        }
    }

    @Test
    void givenLatentsRenderTheSameImagesAndSaveFeatures(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        assertEquals(0, sample(a, "--count", "2", "--seed", "7").exit());
        Path c = dir.resolve("c");
        DganProcess.Result r = sample(c, "--latents", a.resolve("latents.safetensors").toString(), "--save-features");
        assertEquals(0, r.exit(), r.err());
        for (String f : List.of("sample_0000.png", "sample_0001.png")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(c.resolve(f)), f);
        }
        try (SafetensorsFile features = SafetensorsFile.open(c.resolve("features/sample_0001.safetensors"))) {
            assertArrayEquals(new long[] {3, 32, 32}, features.get("image").shape());
            assertArrayEquals(new long[] {64, 4, 4}, features.get("b4.conv1").shape());
            assertArrayEquals(new long[] {16, 32, 32}, features.get("b32.conv1").shape());
        }
        JsonNode manifest = new ObjectMapper().readTree(c.resolve("manifest.json").toFile());
        assertTrue(manifest.at("/samples/0/seed").isNull());
        assertEquals("features/sample_0001.safetensors", manifest.at("/samples/1/features").asText());
    }

    @Test
    void badInputIsOneClearErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path wrong = dir.resolve("wrong.safetensors");
        // z with 63 columns instead of 64
        byte[] header = "{\"z\":{\"dtype\":\"F32\",\"shape\":[1,63],\"data_offsets\":[0,252]}}".getBytes();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 + header.length + 252).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).put(header);
        Files.write(wrong, buf.array());
        DganProcess.Result r = sample(dir.resolve("out"), "--latents", wrong.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(wrong.toString()) && r.err().contains("[N, 64]"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());

        DganProcess.Result unknown = DganProcess.run("sample", "--backbone", "nosuchgan", "--checkpoint",
                demo().resolve("G_ema.safetensors").toString(), "--count", "1", "--out", dir.resolve("out").toString());
        assertEquals(2, unknown.exit(), unknown.out());
        assertTrue(unknown.err().contains("nosuchgan") && unknown.err().contains("stylegan2"), unknown.err());
    }

    static float[] floats(Path file, String name) throws Exception {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return st.get(name).data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** {max channel difference, number of pixels that differ}. */
    static int[] pixelDiff(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        int max = 0;
        int count = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int m = 0;
                for (int s = 0; s < 24; s += 8) m = Math.max(m, Math.abs(((p >> s) & 255) - ((q >> s) & 255)));
                max = Math.max(max, m);
                if (m > 0) count++;
            }
        }
        return new int[] {max, count};
    }

    @Test
    void aCpuOnlyLibtorchAskedForCudaSaysSoInOneLine(@TempDir Path dir) throws Exception {
        DganProcess.Result r = sample(dir.resolve("out"), "--count", "1", "--device", "cuda");
        assertTrue(r.exit() != 0, "exit " + r.exit());
        assertTrue(r.err().contains("cannot run on CUDA") && r.err().contains("--libtorch"), r.err());
        assertTrue(r.err().strip().lines().count() <= 2 && r.err().length() < 600, "one short message, not a dispatcher dump: " + r.err());
    }
}
