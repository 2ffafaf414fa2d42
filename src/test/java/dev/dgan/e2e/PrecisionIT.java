package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --precision} through the CLI on the demo model: bf16 labels agree with fp32 ones
 * (images identical), tf32 on the CPU is byte-identical to fp32, a precision repeats itself,
 * run.json keeps a run in one precision, and bench's JSON names it.
 */
class PrecisionIT {

    /** Fraction of label pixels bf16 must share with fp32 (measured on 256 demo samples: 0.9998). */
    static final double MIN_AGREEMENT = 0.995;

    @TempDir
    static Path shared;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        model = shared.resolve("model");
        DganProcess.Result r = DganProcess.run("train", "--annotations", DganProcess.dist().resolve("demo/annotations").toString(),
                "--out", model.toString(), "--models", "3", "-O", "max-epochs=3", "-O", "min-class-pixels=0", "--cv", "0");
        assertEquals(0, r.exit(), r.err());
    }

    private static Path generate(Path dir, String precision) throws Exception {
        Path out = dir.resolve(precision);
        DganProcess.Result r = DganProcess.run("generate", "--model", model.toString(), "--seed", "1000", "--count", "24",
                "--filter", "0", "--out", out.toString(), "--precision", precision);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(precision.equals("tf32") ? "tf32 (no effect on cpu)" : precision), r.out());
        return out;
    }

    @Test
    void bf16LabelsAgreeWithFp32AndTf32OnTheCpuChangesNothing(@TempDir Path dir) throws Exception {
        Path fp32 = generate(dir, "fp32"), bf16 = generate(dir, "bf16"), tf32 = generate(dir, "tf32");
        assertSameBytes(fp32.resolve("label"), tf32.resolve("label"));
        assertSameBytes(fp32.resolve("image"), bf16.resolve("image")); // the backbone stays float32
        long same = 0, total = 0;
        for (String name : files(fp32.resolve("label")).keySet()) {
            Raster a = ImageIO.read(fp32.resolve("label").resolve(name).toFile()).getRaster();
            Raster b = ImageIO.read(bf16.resolve("label").resolve(name).toFile()).getRaster();
            for (int y = 0; y < a.getHeight(); y++)
                for (int x = 0; x < a.getWidth(); x++, total++) if (a.getSample(x, y, 0) == b.getSample(x, y, 0)) same++;
        }
        assertTrue(total > 0);
        assertTrue(same >= MIN_AGREEMENT * total, "bf16 labels agree with fp32 on " + same + "/" + total + " pixels");
        assertTrue(Files.readString(bf16.resolve("run.json")).contains("\"precision\" : \"bf16\""));
    }

    @Test
    void theSameSeedAndPrecisionGiveTheSameDataset(@TempDir Path dir) throws Exception {
        Path a = generate(dir.resolve("a"), "bf16"), b = generate(dir.resolve("b"), "bf16");
        assertSameBytes(a, b);
    }

    @Test
    void aRunDoesNotResumeInAnotherPrecision(@TempDir Path dir) throws Exception {
        Path out = generate(dir, "bf16");
        DganProcess.Result r = DganProcess.run("generate", "--model", model.toString(), "--seed", "1000", "--count", "24",
                "--filter", "0", "--out", out.toString(), "--precision", "fp32");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("holds another run"), r.err());
    }

    @Test
    void benchJsonNamesThePrecisionAndAnUnknownOneIsOneLine(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        DganProcess.Result r = DganProcess.run("bench", "--model", model.toString(), "--count", "4", "--warmup", "0",
                "--precision", "bf16", "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(", bf16, batch 4"), r.out());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("bf16", doc.get("precision").asText());
        DganProcess.Result bad = DganProcess.run("bench", "--model", model.toString(), "--precision", "half");
        assertEquals(2, bad.exit());
        assertEquals("dgan: --precision: expected one of fp32, tf32, bf16, got 'half'", bad.err().strip());
    }

    private static void assertSameBytes(Path expected, Path actual) throws Exception {
        Map<String, byte[]> a = files(expected), b = files(actual);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k);
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }
}
