package dev.dgan.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C and SIGTERM during {@code generate}: the run stops after the samples in flight, exits
 * with the signal's conventional status, leaves no temporary file and no JVM crash report, and
 * the same command afterwards completes a dataset identical to an uninterrupted run.
 */
class StopSignalIT {

    static final int COUNT = 150;

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
        DganProcess.Result g = DganProcess.run(generateArgs(whole));
        assertEquals(0, g.exit(), g.err());
    }

    static String[] generateArgs(Path out) {
        return new String[] {"generate", "--model", model.toString(), "--seed", "7", "--count", Integer.toString(COUNT),
                "--batch", "2", "--filter", "0.1", "--format", "png,coco-instances,webdataset", "--out", out.toString()};
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalStopsGenerateCleanlyAndTheSameCommandResumes(String signal, int status, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("ds"), stdout = dir.resolve("out.txt"), stderr = dir.resolve("err.txt");
        Process p = DganProcess.start(dir, stdout, stderr, generateArgs(out));
        Path log = out.resolve("metadata.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(log) < 3) {
            assertTrue(p.isAlive(), "generate ended before the signal: " + Files.readString(stderr));
            assertTrue(System.nanoTime() < deadline, "generate wrote no samples in 120 s");
            Thread.sleep(20);
        }
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "generate did not stop");
        String err = Files.readString(stderr);
        assertEquals(status, p.exitValue(), err);
        assertTrue(err.contains("stopped by SIG" + signal) && err.contains("run the same command again to resume"), err);
        int kept = lines(log);
        assertTrue(kept >= 3 && kept < COUNT, kept + " samples logged: the run did not stop early");
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> left = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.contains(".tmp-") || n.startsWith("hs_err")).toList();
            assertEquals(List.of(), left, "temporary files or a JVM crash report left behind");
        }

        DganProcess.Result resumed = DganProcess.run(generateArgs(out));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains((COUNT - kept) + " rendered now"), resumed.out());
        assertSameFiles(whole, out);
    }

    private static int lines(Path file) throws Exception {
        if (!Files.exists(file)) return 0;
        return (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count();
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
