package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class-conditional BigGAN through the whole CLI: sample with classes, annotate every sample
 * (foreground = brighter than the image's mean), train segmentation from the manifest's
 * latents and class ids, then generate a class-balanced dataset with COCO output. Uses the
 * tiny 10-class Brock generator kept with the BigGAN plugin's tests.
 */
class BigGanClassesIT {

    static Path checkpoint() {
        Path repository = DganProcess.dist().toAbsolutePath().getParent().getParent().getParent();
        return repository.resolve("plugins/biggan/src/test/resources/biggan512-brock/biggan-tiny128.pth");
    }

    @Test
    void sampleAnnotateTrainAndGenerateByClass(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path samples = dir.resolve("samples"), model = dir.resolve("model"), out = dir.resolve("ds");
        DganProcess.Result s = DganProcess.run("sample", "--backbone", "biggan", "--checkpoint", checkpoint().toString(),
                "--count", "4", "--class", "0,3,class 0,7", "--out", samples.toString());
        assertEquals(0, s.exit(), s.err());
        JsonNode manifest = json.readTree(samples.resolve("manifest.json").toFile());
        List<Integer> recorded = new ArrayList<>();
        manifest.get("samples").forEach(n -> recorded.add(n.get("classId").asInt()));
        assertEquals(List.of(0, 3, 0, 7), recorded, "the manifest records each sample's class");

        for (int i = 0; i < 4; i++) annotate(samples, i);
        Files.writeString(samples.resolve("classes.txt"), "background\nforeground\n");

        DganProcess.Result t = DganProcess.run("train", "--annotations", samples.toString(), "--out", model.toString(),
                "--models", "2", "-O", "max-epochs=2", "-O", "pixels-per-sample=2048", "--cv", "2");
        assertEquals(0, t.exit(), t.err());
        assertTrue(!t.err().contains("differs from what the checkpoint renders"), "re-rendered samples match the annotated images: " + t.err());
        JsonNode info = json.readTree(model.resolve("model.json").toFile());
        assertEquals("biggan", info.at("/backbone/name").asText());
        assertTrue(info.get("taps").size() > 0);
        info.get("taps").forEach(n -> assertTrue(!n.asText().equals("class.embedding"), "pixel tasks leave the 1-px class embedding out"));

        DganProcess.Result g = DganProcess.run("generate", "--model", model.toString(), "--classes", "0,3", "--per-class", "2",
                "--format", "png,coco", "--filter", "0", "--seed", "10", "--out", out.toString());
        assertEquals(0, g.exit(), g.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("metadata.jsonl"))) lines.add(json.readTree(l));
        assertEquals(4, lines.size());
        int[] classes = {0, 0, 3, 3};
        for (int i = 0; i < 4; i++) {
            assertEquals(classes[i], lines.get(i).get("class").asInt());
            assertEquals("class " + classes[i], lines.get(i).get("className").asText());
            assertEquals(10 + i, lines.get(i).get("seed").asLong());
            for (String sub : List.of("image", "label", "overlay"))
                assertTrue(Files.isRegularFile(out.resolve(String.format("%s/%06d.png", sub, i))), sub + " " + i);
        }
        JsonNode run = json.readTree(out.resolve("run.json").toFile());
        assertEquals(List.of(0, 3), List.of(run.at("/classes/0").asInt(), run.at("/classes/1").asInt()));
        assertEquals(2, run.get("perClass").asInt());
        assertEquals(4, run.get("count").asInt());

        JsonNode coco = json.readTree(out.resolve("coco.json").toFile());
        assertEquals(4, coco.get("images").size());
        JsonNode categories = coco.get("categories");
        assertEquals(2, categories.size(), categories.toString());
        assertEquals(1, categories.at("/0/id").asInt());
        assertEquals("class 0", categories.at("/0/name").asText());
        assertEquals(4, categories.at("/1/id").asInt());
        assertEquals("class 3", categories.at("/1/name").asText());
        for (JsonNode a : coco.get("annotations")) {
            int image = a.get("image_id").asInt() - 1; // COCO image ids are sample index + 1
            assertEquals(classes[image] + 1, a.get("category_id").asInt(), "the foreground of sample " + image + " is its class");
        }

        // the same run resumes; another class list in the same directory is refused, naming the run file
        DganProcess.Result again = DganProcess.run("generate", "--model", model.toString(), "--classes", "0,3", "--per-class", "2",
                "--format", "png,coco", "--filter", "0", "--seed", "10", "--out", out.toString());
        assertTrue(again.out().contains("0 rendered now"), again.out() + again.err());
        DganProcess.Result other = DganProcess.run("generate", "--model", model.toString(), "--classes", "0,4", "--per-class", "2",
                "--seed", "10", "--out", out.toString());
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("holds another run"), other.err());
        DganProcess.Result unknown = DganProcess.run("generate", "--model", model.toString(), "--classes", "0,goldfish",
                "--out", dir.resolve("x").toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--classes") && unknown.err().contains("goldfish"), unknown.err());
    }

    @Test
    void bigDatasetGanBranchTrainsOnRenderedBatchesAndLabelsByClass(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path samples = dir.resolve("samples"), model = dir.resolve("model"), out = dir.resolve("ds");
        DganProcess.Result s = DganProcess.run("sample", "--backbone", "biggan", "--checkpoint", checkpoint().toString(),
                "--count", "4", "--class", "1,2,5,9", "--out", samples.toString());
        assertEquals(0, s.exit(), s.err());
        for (int i = 0; i < 4; i++) annotate(samples, i);
        Files.writeString(samples.resolve("classes.txt"), "background\nforeground\n");

        DganProcess.Result t = DganProcess.run("train", "--annotations", samples.toString(), "--task", "bigdatasetgan",
                "--out", model.toString(), "--models", "3", "-O", "iterations=30", "-O", "batch=2", "-O", "widths=16,8,8");
        assertEquals(0, t.exit(), t.err());
        JsonNode info = json.readTree(model.resolve("model.json").toFile());
        List<String> taps = new ArrayList<>();
        info.get("taps").forEach(n -> taps.add(n.asText()));
        assertTrue(taps.contains("class.embedding"), "the branch reads the class embedding: " + taps);
        assertEquals(3, info.at("/report/models").size());
        JsonNode task = json.readTree(model.resolve("task.json").toFile());
        assertEquals("bce", task.get("loss").asText());
        assertTrue(task.get("levels").size() >= 2, task.toString());
        assertTrue(Files.isRegularFile(model.resolve("branch.safetensors")));

        DganProcess.Result g = DganProcess.run("generate", "--model", model.toString(), "--classes", "2,9", "--per-class", "2",
                "--format", "png,coco", "--filter", "0.25", "--seed", "3", "--out", out.toString());
        assertEquals(0, g.exit(), g.err());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("metadata.jsonl"))) lines.add(json.readTree(l));
        assertEquals(4, lines.size());
        for (JsonNode l : lines) assertTrue(l.get("uncertainty").asDouble() >= 0, l.toString());
        JsonNode filter = json.readTree(out.resolve("filter.json").toFile());
        assertEquals(1, filter.get("dropped").size(), filter.toString());
        JsonNode coco = json.readTree(out.resolve("coco.json").toFile());
        assertEquals(3, coco.get("images").size(), "the filtered sample is left out of COCO");
        List<Integer> ids = new ArrayList<>();
        coco.get("categories").forEach(c -> ids.add(c.get("id").asInt()));
        assertEquals(List.of(3, 10), ids, "one category per ImageNet class of the run (id = class + 1)");

        DganProcess.Result b = DganProcess.run("bench", "--model", model.toString(), "--count", "3", "--batch", "2", "--warmup", "1",
                "--json", dir.resolve("bench.json").toString());
        assertEquals(0, b.exit(), b.err());
        JsonNode bench = json.readTree(dir.resolve("bench.json").toFile());
        assertTrue(bench.toString().contains("interpreter") && bench.toString().contains("backbone"), bench.toString());
        assertTrue(b.out().contains("bigdatasetgan on biggan"), b.out());
    }

    /** Mask of sample i: 1 where the pixel is brighter than the image's mean, else 0. */
    private static void annotate(Path dir, int i) throws Exception {
        BufferedImage image = ImageIO.read(dir.resolve(String.format("sample_%04d.png", i)).toFile());
        int w = image.getWidth(), h = image.getHeight();
        int[] brightness = new int[w * h];
        long sum = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                brightness[y * w + x] = ((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255);
                sum += brightness[y * w + x];
            }
        double mean = (double) sum / (w * h);
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) mask.getRaster().setSample(x, y, 0, brightness[y * w + x] > mean ? 1 : 0);
        ImageIO.write(mask, "png", dir.resolve(String.format("mask_%04d.png", i)).toFile());
    }
}
