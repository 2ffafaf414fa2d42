package dev.dgan.spark;

import dev.dgan.host.Dgan;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * dgan-spark on {@code local[2,2]} (two task threads, a failed task tried twice) with the demo model:
 * every merged dataset must equal, file for file and byte for byte, what one {@code dgan generate}
 * process writes with the same seed, which also means the global filter kept the same samples.
 */
class SparkGenerateTest {

    static final int COUNT = 30;

    @TempDir
    static Path shared;
    static Path model, whole;
    static JavaSparkContext sc;

    @BeforeAll
    static void trainGenerateOnceAndStartSpark() {
        model = shared.resolve("model");
        Path annotations = Path.of(System.getProperty("dgan.demo", "../demo")).resolve("annotations");
        dgan("train", "--annotations", annotations.toString(), "--out", model.toString(), "--models", "2", "-O", "max-epochs=2");
        whole = shared.resolve("whole");
        List<String> cmd = new ArrayList<>(List.of("generate"));
        cmd.addAll(generateOptions());
        cmd.addAll(List.of("--out", whole.toString()));
        dgan(cmd.toArray(String[]::new));
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("dgan test").set("spark.ui.enabled", "false")
                .set("spark.log.level", "WARN"));
    }

    @AfterAll
    static void stopSpark() {
        if (sc != null) sc.close();
    }

    static List<String> generateOptions() {
        return List.of("--model", model.toString(), "--seed", "11", "--count", Integer.toString(COUNT), "--batch", "2", "--filter", "0.2",
                "--format", "png,coco,coco-instances,webdataset", "--webdataset-shard-size", "8");
    }

    static String dgan(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Dgan.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, status, "dgan " + String.join(" ", args) + ": " + err);
        return out.toString();
    }

    static SparkGenerate.Outcome spark(String out, int partitions) throws Exception {
        List<String> argv = new ArrayList<>(List.of("generate", "--partitions", Integer.toString(partitions), "--out", out));
        argv.addAll(generateOptions());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SparkGenerate.Outcome o = SparkGenerate.run(sc, SparkArgs.parse(argv.toArray(String[]::new)), new PrintStream(log, true));
        System.out.print(log);
        return o;
    }

    @Test
    void aTaskKilledMidPartitionIsRetriedAndTheMergedDatasetEqualsTheOneProcessRun(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("failed-once"), out = dir.resolve("ds");
        // shard 1 of 2 fails right after logging its 4th sample; Spark runs it again (spark.task.maxFailures = 2)
        System.setProperty("dgan.generate.failOnce", "1/2:4:" + marker);
        SparkGenerate.Outcome o;
        try {
            o = spark(out.toString(), 2);
        } finally {
            System.clearProperty("dgan.generate.failOnce");
        }
        assertTrue(Files.exists(marker), "the injected failure did not happen");
        assertEquals(1, o.jobs(), "Spark's own retry should have finished the shard within the first job");
        assertSameFiles(whole, out);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 7})
    void theGlobalFilterKeepsTheSameSamplesWhateverThePartitions(int partitions, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        SparkGenerate.Outcome o = spark(out.toString(), partitions);
        assertEquals(partitions, o.partitions());
        assertTrue(o.merge().contains(COUNT + " samples, 24 kept, 6 moved to filtered/"), o.merge());
        assertEquals(Files.readString(whole.resolve("filter.json")), Files.readString(out.resolve("filter.json")));
        assertSameFiles(whole, out);
    }

    @Test
    void aShardWithoutItsManifestIsRunAgainAndTheOthersAreNot(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        for (int i = 0; i < 3; i++) {
            List<String> cmd = new ArrayList<>(List.of("generate", "--shard", i + "/3", "--defer-filter", "--out", out.toString()));
            cmd.addAll(generateOptions());
            dgan(cmd.toArray(String[]::new));
        }
        // as if shard 2's task was lost after its last sample and before its commit; a stray temporary file too
        Files.delete(out.resolve("manifest-2-of-3.json"));
        Files.writeString(out.resolve("image/.000025.png.tmp-1a2b"), "partial");
        SparkGenerate.Outcome o = spark(out.toString(), 3);
        assertEquals(1, o.jobs());
        assertSameFiles(whole, out);
    }

    @Test
    void throughHadoopsFileSystemApiTheDatasetIsTheSame(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds");
        // staged: each shard rendered into a local folder and put through FileSystem (temporary name, rename), merged on a copy
        System.setProperty(SparkGenerate.STAGE_PROPERTY, "true");
        try {
            spark(out.toUri().toString(), 3);
        } finally {
            System.clearProperty(SparkGenerate.STAGE_PROPERTY);
        }
        assertSameFiles(whole, out);
    }

    static void assertSameFiles(Path expected, Path actual) throws Exception {
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
