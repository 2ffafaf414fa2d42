package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DatasetGAN end to end through the CLI on the bundled demo: train on the 16 annotated
 * samples, generate a dataset, resume a damaged run, fill one run from two shards, and reject
 * bad input with a message naming it. Small ensembles keep it quick.
 */
class DatasetGanIT {

    @TempDir
    static Path shared;
    static Path model;

    static Path annotations() {
        return DganProcess.dist().resolve("demo/annotations");
    }

    static DganProcess.Result dgan(String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.addAll(List.of(args));
        return DganProcess.run(all.toArray(String[]::new));
    }

    @BeforeAll
    static void train() throws Exception {
        model = shared.resolve("model");
        DganProcess.Result r = dgan("train", "--annotations", annotations().toString(), "--out", model.toString(),
                "--models", "3", "-O", "max-epochs=3", "--cv", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("cv 2-fold: mean mIoU"), r.err());
        assertTrue(r.out().contains("wrote segmentation model"), r.out());
    }

    @Test
    void theModelDirectoryDescribesWhatItWasTrainedOn() throws Exception {
        JsonNode info = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertEquals("dgan-model/1", info.get("format").asText());
        assertEquals("segmentation", info.get("task").asText());
        assertEquals(List.of("background", "body", "eye", "mouth"), strings(info.get("labels")));
        assertEquals(16, info.get("annotatedSamples").asInt());
        assertEquals(64, info.at("/backbone/checkpointSha256").asText().length());
        assertEquals(3, info.at("/report/models").size());
        for (JsonNode m : info.at("/report/models")) assertTrue(m.get("trainAccuracy").asDouble() > 0.9, m.toString());
        assertEquals(2, info.at("/crossValidation/perFold").size());
        double miou = info.at("/crossValidation/mean").asDouble();
        assertTrue(miou > 0.3 && miou <= 1, "cv mIoU " + miou);
        assertTrue(Files.isRegularFile(model.resolve("ensemble.safetensors")) && Files.isRegularFile(model.resolve("task.json")));
    }

    @Test
    void generateWritesADatasetAndFiltersTheMostUncertain(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        DganProcess.Result r = generate(out, "--count", "12", "--filter", "0.25", "--format", "png,coco");
        assertEquals(0, r.exit(), r.err());
        assertEquals(9, list(out.resolve("image")).size());
        assertEquals(3, list(out.resolve("filtered/image")).size());
        List<JsonNode> lines = lines(out.resolve("metadata.jsonl"));
        assertEquals(12, lines.size());
        double[] scores = lines.stream().mapToDouble(l -> l.get("uncertainty").asDouble()).toArray();
        JsonNode filter = new ObjectMapper().readTree(out.resolve("filter.json").toFile());
        double lowestDropped = Double.MAX_VALUE;
        for (JsonNode d : filter.get("dropped")) {
            int i = d.asInt();
            lowestDropped = Math.min(lowestDropped, scores[i]);
            assertTrue(Files.exists(out.resolve(String.format("filtered/label/%06d.png", i))));
        }
        for (Path kept : list(out.resolve("image"))) {
            int i = Integer.parseInt(kept.getFileName().toString().substring(0, 6));
            assertTrue(scores[i] <= lowestDropped, "a kept sample is no more uncertain than a dropped one");
            assertEquals(1000 + i, lines.get(i).get("seed").asLong());
            BufferedImage label = ImageIO.read(out.resolve(String.format("label/%06d.png", i)).toFile());
            int[] ids = label.getRaster().getPixels(0, 0, 32, 32, (int[]) null);
            assertTrue(Arrays.stream(ids).allMatch(v -> v < 4), "label ids are class ids");
            assertTrue(Files.isRegularFile(out.resolve(String.format("overlay/%06d.png", i))));
        }
        JsonNode coco = new ObjectMapper().readTree(out.resolve("coco.json").toFile());
        assertEquals(9, coco.get("images").size());
        assertEquals(3, coco.get("categories").size());
        for (JsonNode a : coco.get("annotations")) assertTrue(a.at("/segmentation/counts").isTextual());
    }

    @Test
    void aKilledRunResumesToTheSameFiles(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), damaged = dir.resolve("damaged");
        assertEquals(0, generate(whole, "--count", "10", "--filter", "0.2").exit());
        assertEquals(0, generate(damaged, "--count", "10", "--filter", "0.2").exit());
        // what a kill during sample 6 leaves: 5 complete lines and half of the sixth, files of
        // samples without a line, a temporary file, and no filter step yet
        Files.delete(damaged.resolve("filter.json"));
        try (Stream<Path> moved = Files.walk(damaged.resolve("filtered"))) {
            for (Path p : moved.filter(Files::isRegularFile).toList())
                Files.move(p, damaged.resolve(damaged.resolve("filtered").relativize(p)), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> text = Files.readAllLines(damaged.resolve("metadata.jsonl"));
        Files.writeString(damaged.resolve("metadata.jsonl"), String.join("\n", text.subList(0, 5)) + "\n" + text.get(5).substring(0, 20));
        Files.delete(damaged.resolve("image/000008.png"));
        Files.writeString(damaged.resolve("image/.000007.png.tmp-1f2e3d"), "partial");

        DganProcess.Result r = generate(damaged, "--count", "10", "--filter", "0.2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("5 rendered now"), r.out());
        assertSameFiles(whole, damaged);
        assertEquals(Files.readAllLines(whole.resolve("metadata.jsonl")), Files.readAllLines(damaged.resolve("metadata.jsonl")));

        DganProcess.Result again = generate(damaged, "--count", "10", "--filter", "0.2");
        assertTrue(again.out().contains("0 rendered now"), again.out() + again.err());
        DganProcess.Result other = generate(damaged, "--count", "11", "--filter", "0.2");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("holds another run"), other.err());
    }

    @Test
    void twoShardsFillTheSameDatasetAsOneRun(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one"), sharded = dir.resolve("sharded");
        assertEquals(0, generate(one, "--count", "7", "--filter", "0").exit());
        assertEquals(0, generate(sharded, "--count", "7", "--filter", "0", "--shard", "1/2").exit());
        assertEquals(0, generate(sharded, "--count", "7", "--filter", "0", "--shard", "0/2").exit());
        for (String sub : List.of("image", "label", "overlay")) assertSameFiles(one.resolve(sub), sharded.resolve(sub));
        List<String> merged = new ArrayList<>(Files.readAllLines(sharded.resolve("metadata-0-of-2.jsonl")));
        merged.addAll(Files.readAllLines(sharded.resolve("metadata-1-of-2.jsonl")));
        assertEquals(Files.readAllLines(one.resolve("metadata.jsonl")), merged);
        DganProcess.Result bad = generate(sharded, "--count", "7", "--shard", "2/2");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--shard"), bad.err());
    }

    @Test
    void badAnnotationsAreNamed(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("ann");
        Files.createDirectories(copy);
        for (Path p : list(annotations())) Files.copy(p, copy.resolve(p.getFileName()));
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png", copy.resolve("mask_0003.png").toFile());
        DganProcess.Result r = dgan("train", "--annotations", copy.toString(), "--out", dir.resolve("m").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("mask_0003.png") && r.err().contains("16"), r.err());
        assertFalse(Files.exists(dir.resolve("m/model.json")));
        DganProcess.Result missing = dgan("generate", "--model", dir.resolve("nope").toString(), "--count", "1", "--out", dir.resolve("x").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("model.json"), missing.err());
    }

    @Test
    void keypointsTrainAndGenerateThroughTheSameCommands(@TempDir Path dir) throws Exception {
        // a keypoint per annotated sample: the centre of its object, read off the demo's masks
        Path ann = dir.resolve("ann");
        Files.createDirectories(ann);
        for (Path p : list(annotations())) if (!p.getFileName().toString().startsWith("mask_")) Files.copy(p, ann.resolve(p.getFileName()));
        Files.writeString(ann.resolve("keypoints.txt"), "centre\n");
        ObjectMapper json = new ObjectMapper();
        JsonNode index = json.readTree(annotations().resolve("index.json").toFile());
        com.fasterxml.jackson.databind.node.ObjectNode cleaned = index.deepCopy();
        for (JsonNode s : cleaned.get("samples")) ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("mask");
        json.writeValue(ann.resolve("index.json").toFile(), cleaned);
        for (int i = 0; i < 16; i++) {
            BufferedImage mask = ImageIO.read(annotations().resolve(String.format("mask_%04d.png", i)).toFile());
            double sx = 0, sy = 0;
            int n = 0;
            for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) if (mask.getRaster().getSample(x, y, 0) != 0) { sx += x + 0.5; sy += y + 0.5; n++; }
            Files.writeString(ann.resolve(String.format("keypoints_%04d.json", i)),
                    "{\"keypoints\": [{\"name\": \"centre\", \"x\": " + sx / n + ", \"y\": " + sy / n + "}]}");
        }
        Path kpModel = dir.resolve("kp-model"), out = dir.resolve("kp");
        DganProcess.Result t = dgan("train", "--annotations", ann.toString(), "--task", "keypoints", "--out", kpModel.toString(),
                "--models", "2", "-O", "max-epochs=4", "-O", "sigma=3");
        assertEquals(0, t.exit(), t.err());
        DganProcess.Result g = dgan("generate", "--model", kpModel.toString(), "--count", "4", "--seed", "1000", "--out", out.toString(),
                "--filter", "0", "--format", "png,coco");
        assertEquals(0, g.exit(), g.err());
        for (int i = 0; i < 4; i++) {
            JsonNode k = json.readTree(out.resolve(String.format("keypoints/%06d.json", i)).toFile()).at("/keypoints/0");
            assertEquals("centre", k.get("name").asText());
            assertTrue(k.get("x").asDouble() >= 0 && k.get("x").asDouble() <= 32 && k.get("confidence").asDouble() >= 0, k.toString());
        }
        assertEquals(4, json.readTree(out.resolve("coco.json").toFile()).get("annotations").size());
    }

    @Test
    void theDemoScoresGeneratedLabelsAgainstTheRuleAndDownstream(@TempDir Path dir) throws Exception {
        DganProcess.Result r = dgan("demo", "--out", dir.toString(), "--count", "8", "--models", "2", "--cv", "2", "--steps", "40");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        int cv = out.indexOf("1. interpreter"), rule = out.indexOf("2. generated labels vs the rule"), downstream = out.indexOf("3. downstream");
        assertTrue(cv >= 0 && rule > cv && downstream > rule, "the three figures, in order: " + out);
        JsonNode report = new ObjectMapper().readTree(dir.resolve("demo-report.json").toFile());
        double bg = report.at("/keptVsRule/iou/0").asDouble();
        assertTrue(bg > 0.9, "background IoU against the rule " + bg);
        assertEquals(2, report.at("/crossValidation/folds").asInt());
        assertEquals(300L * 32 * 32, report.at("/downstream/test/pixels").asLong(), "every pixel of the 300 real test images scored");
        assertTrue(Files.size(dir.resolve("grid.png")) > 1000);
        for (String picture : List.of("confusion-generated.png", "predictions-generated.png", "stats.png"))
            assertTrue(Files.size(dir.resolve("evaluation").resolve(picture)) > 1000, picture);
        JsonNode evaluation = new ObjectMapper().readTree(dir.resolve("evaluation/evaluation.json").toFile());
        assertEquals(List.of("background", "body", "eye", "mouth"), strings(evaluation.get("classes")));
        assertTrue(evaluation.at("/downstream/generated/test/iou/background").asDouble() > 0.5, evaluation.toString());
        assertNotEquals(0, report.get("kept").asInt());
    }

    @Test
    void evaluateTrainsOnADatasetAndTestsOnRealImages(@TempDir Path dir) throws Exception {
        Path ds = dir.resolve("ds");
        assertEquals(0, generate(ds, "--count", "6", "--filter", "0.2").exit());
        Path report = dir.resolve("report");
        DganProcess.Result r = dgan("evaluate", "--dataset", ds.toString(), "--test", DganProcess.dist().resolve("demo/test").toString(),
                "--train-real", DganProcess.dist().resolve("demo/real-train").toString(), "--steps", "30", "--out", report.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(report.resolve("evaluation.json").toFile());
        assertEquals(5, json.at("/downstream/dataset/images").asInt(), "kept samples only by default");
        assertEquals(1000, json.at("/downstream/real/images").asInt());
        assertTrue(json.at("/downstream/real/test/meanIou").isNumber(), json.toString());
        assertTrue(Files.isRegularFile(report.resolve("confusion-real.png")));

        DganProcess.Result missing = dgan("evaluate", "--dataset", dir.resolve("nothing").toString(), "--stats-only", "--out", report.toString());
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains(dir.resolve("nothing").toString()), missing.err());
    }

    private static DganProcess.Result generate(Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("generate", "--model", model.toString(), "--seed", "1000", "--out", out.toString(), "--batch", "3"));
        args.addAll(List.of(extra));
        return dgan(args.toArray(String[]::new));
    }

    /** The same file names with the same bytes: nothing missing, nothing left over. */
    private static void assertSameFiles(Path expected, Path actual) throws Exception {
        Map<String, byte[]> a = files(expected), b = files(actual);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k);
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(new ObjectMapper().readTree(l));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
