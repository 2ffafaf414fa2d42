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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every dataset format {@code dgan generate} writes, read back with readers that share no code with
 * the writers: COCO's compressed RLE decoded here from its definition, tar shards unpacked by the
 * system's {@code tar}, metadata.jsonl resolved the way Hugging Face's imagefolder resolves
 * {@code file_name}.
 */
class DatasetFormatsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void generate() throws Exception {
        // an untrained ensemble labels in many small pieces: a good test of per-object COCO
        DganProcess.Result init = DganProcess.run("init", "--backbone", "stylegan2", "--config", SampleCommandIT.demo().resolve("config.json").toString(),
                "--labels", "4", "-O", "models=2", "--out", dir.resolve("m").toString());
        assertEquals(0, init.exit(), init.err());
        data = dir.resolve("data");
        DganProcess.Result r = DganProcess.run("generate", "--model", dir.resolve("m/model").toString(), "--count", "12", "--filter", "0.25",
                "--format", "coco,coco-instances,webdataset,hf", "--webdataset-shard-size", "4", "--out", data.toString());
        assertEquals(0, r.exit(), r.err());
    }

    private static List<JsonNode> metadata() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(data.resolve("metadata.jsonl"))) if (!l.isBlank()) lines.add(JSON.readTree(l));
        return lines;
    }

    @Test
    void metadataPointsWhereEveryFileIsAndSaysWhichWereKept() throws Exception {
        List<JsonNode> lines = metadata();
        assertEquals(12, lines.size());
        int kept = 0;
        for (JsonNode l : lines) {
            for (String field : List.of("file_name", "image", "label", "overlay"))
                assertTrue(Files.isRegularFile(data.resolve(l.get(field).asText())), l.toString());
            assertEquals(l.get("image").asText(), l.get("file_name").asText());
            boolean k = l.get("kept").asBoolean();
            assertEquals(!k, l.get("file_name").asText().startsWith("filtered/"), l.toString());
            if (k) kept++;
        }
        assertEquals(JSON.readTree(data.resolve("filter.json").toFile()).get("kept").asInt(), kept);
        assertEquals(9, kept);
    }

    @Test
    void cocoInstancesAreTheConnectedPiecesOfEachClass() throws Exception {
        JsonNode coco = JSON.readTree(data.resolve("coco-instances.json").toFile());
        Map<Integer, String> files = new HashMap<>();
        for (JsonNode im : coco.get("images")) files.put(im.get("id").asInt(), im.get("file_name").asText());
        assertEquals(9, files.size());
        assertTrue(files.keySet().stream().allMatch(id -> id >= 1), "image ids start at 1: " + files.keySet());
        for (JsonNode c : coco.get("categories")) assertTrue(c.has("supercategory"), c.toString());
        Map<String, int[]> union = new HashMap<>();
        int multi = 0;
        Map<String, Integer> perClass = new HashMap<>();
        for (JsonNode a : coco.get("annotations")) {
            int h = a.get("segmentation").get("size").get(0).asInt(), w = a.get("segmentation").get("size").get(1).asInt();
            boolean[] mask = decodeRle(a.get("segmentation").get("counts").asText(), h, w);
            int area = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (mask[y * w + x]) {
                        area++;
                        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
                    }
            assertEquals(area, a.get("area").asInt());
            assertArrayEquals(new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1},
                    new int[] {a.get("bbox").get(0).asInt(), a.get("bbox").get(1).asInt(), a.get("bbox").get(2).asInt(), a.get("bbox").get(3).asInt()});
            assertEquals(0, a.get("iscrowd").asInt());
            assertEquals(1, components(mask, w, h), "an instance is one 8-connected piece");
            String key = a.get("image_id").asInt() + "/" + a.get("category_id").asInt();
            if (perClass.merge(key, 1, Integer::sum) == 2) multi++;
            int[] u = union.computeIfAbsent(key, k -> new int[h * w]);
            for (int i = 0; i < mask.length; i++) if (mask[i]) u[i]++;
        }
        assertTrue(multi > 0, "some class comes in several pieces in some image");
        for (var e : union.entrySet()) {
            String[] parts = e.getKey().split("/");
            Path image = Path.of(files.get(Integer.parseInt(parts[0])));
            BufferedImage label = ImageIO.read(data.resolve("label").resolve(image.getFileName()).toFile());
            int w = label.getWidth(), cls = Integer.parseInt(parts[1]);
            int[] pixel = new int[1];
            for (int i = 0; i < e.getValue().length; i++) {
                int v = label.getRaster().getPixel(i % w, i / w, pixel)[0];
                assertEquals(v == cls ? 1 : 0, e.getValue()[i], "pixel " + i + " of " + e.getKey() + ": the instances tile the class exactly once");
            }
        }
    }

    @Test
    void webDatasetShardsHoldTheKeptSamplesFileForFile() throws Exception {
        List<JsonNode> kept = metadata().stream().filter(l -> l.get("kept").asBoolean()).toList();
        Path out = dir.resolve("untar");
        Files.createDirectories(out);
        List<Path> shards;
        try (var s = Files.list(data.resolve("webdataset"))) {
            shards = s.sorted().toList();
        }
        assertEquals(3, shards.size(), "9 kept samples, 4 per shard");
        for (Path shard : shards) {
            Process p = new ProcessBuilder("tar", "-xf", shard.toString(), "-C", out.toString()).inheritIO().start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tar -xf " + shard);
        }
        for (JsonNode l : kept) {
            String key = String.format("%06d", l.get("index").asInt());
            assertArrayEquals(Files.readAllBytes(data.resolve(l.get("image").asText())), Files.readAllBytes(out.resolve(key + ".png")));
            assertArrayEquals(Files.readAllBytes(data.resolve(l.get("label").asText())), Files.readAllBytes(out.resolve(key + ".label.png")));
            assertEquals(l, JSON.readTree(out.resolve(key + ".json").toFile()));
        }
        try (var s = Files.list(out)) {
            assertEquals(kept.size() * 4, s.count(), "png, label.png, overlay.png and json per sample, nothing else");
        }
    }

    @Test
    void semanticCocoImageIdsStartAtOne() throws Exception {
        JsonNode coco = JSON.readTree(data.resolve("coco.json").toFile());
        assertEquals(1, coco.get("images").get(0).get("id").asInt());
    }

    /** COCO's compressed RLE string (column-major runs, 0s first, LEB128-like 5-bit groups, deltas from two back). */
    static boolean[] decodeRle(String s, int h, int w) {
        List<Long> counts = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                int c = s.charAt(p) - 48;
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (counts.size() > 2) x += counts.get(counts.size() - 2);
            counts.add(x);
        }
        boolean[] mask = new boolean[h * w];
        int at = 0;
        boolean on = false;
        for (long c : counts) {
            for (long i = 0; i < c; i++, at++) if (on) mask[(at % h) * w + at / h] = true;
            on = !on;
        }
        assertEquals(h * w, at, "runs cover the image");
        return mask;
    }

    private static int components(boolean[] mask, int w, int h) {
        int[] seen = new int[mask.length];
        int n = 0;
        for (int s = 0; s < mask.length; s++) {
            if (!mask[s] || seen[s] != 0) continue;
            n++;
            java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>(List.of(s));
            seen[s] = n;
            while (!q.isEmpty()) {
                int i = q.pop(), y = i / w, x = i % w;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy < 0 || xx < 0 || yy >= h || xx >= w) continue;
                        int j = yy * w + xx;
                        if (mask[j] && seen[j] == 0) {
                            seen[j] = n;
                            q.push(j);
                        }
                    }
            }
        }
        return n;
    }
}
