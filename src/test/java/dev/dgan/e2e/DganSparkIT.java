package dev.dgan.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The installed {@code bin/dgan-spark} on {@code local[2]}, and {@code dgan merge} as a user runs it:
 * both give the dataset of one {@code dgan generate} process, byte for byte; a merge with a shard
 * unfinished refuses, naming it.
 */
class DganSparkIT {

    @TempDir
    static Path shared;
    static Path model, whole;

    @BeforeAll
    static void trainAndGenerateOnce() throws Exception {
        model = shared.resolve("model");
        DganProcess.Result t = DganProcess.run("train", "--annotations", DganProcess.dist().resolve("demo/annotations").toString(),
                "--out", model.toString(), "--models", "2", "-O", "max-epochs=2");
        assertEquals(0, t.exit(), t.err());
        whole = shared.resolve("whole");
        DganProcess.Result g = DganProcess.run(args("generate", "--out", whole.toString()));
        assertEquals(0, g.exit(), g.err());
    }

    static String[] args(String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of("--model", model.toString(), "--seed", "3", "--count", "20", "--filter", "0.25", "--format", "png,coco"));
        return a.toArray(String[]::new);
    }

    @Test
    void dganSparkOnLocal2WritesTheOneProcessDataset(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        DganProcess.Result r = DganProcess.runLauncher("dgan-spark", args("generate", "--master", "local[2]", "--partitions", "3",
                "--out", out.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("merged 3 shards: 20 samples, 15 kept, 5 moved to filtered/"), r.out());
        assertSameFiles(whole, out);
    }

    @Test
    void mergeRefusesUnfinishedShardsThenMergesThemAll(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        DganProcess.Result s0 = DganProcess.run(args("generate", "--shard", "0/2", "--defer-filter", "--out", out.toString()));
        assertEquals(0, s0.exit(), s0.err());
        DganProcess.Result early = DganProcess.run("merge", out.toString());
        assertEquals(5, early.exit(), early.err());
        assertTrue(early.err().contains("1 of 2 shards") && early.err().contains("[1/2]"), early.err());
        DganProcess.Result s1 = DganProcess.run(args("generate", "--shard", "1/2", "--defer-filter", "--out", out.toString()));
        assertEquals(0, s1.exit(), s1.err());
        DganProcess.Result merged = DganProcess.run("merge", out.toString());
        assertEquals(0, merged.exit(), merged.err());
        assertSameFiles(whole, out);
    }

    private static void assertSameFiles(Path expected, Path actual) throws Exception {
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
