package dev.dgan.host.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.dgan.host.bench.Results.result;
import static dev.dgan.host.bench.Results.stage;
import static dev.dgan.host.bench.Results.stages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchResultJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWrittenResultReadsBackAsItWas(@TempDir Path dir) throws Exception {
        BenchResult r = result("x", stages("backbone", stage(8, 15, 16, 17), "write", stage(32, 0.4, 0.5, 0.7)));
        Path file = Results.write(dir.resolve("r.json"), r);
        BenchResult back = ((ResultFiles.Bench) ResultFiles.read(file)).result();
        assertEquals(new BenchResult(file.toString(), r.format(), r.timestamp(), r.machine(), r.software(), r.settings(), r.samples(),
                r.pairsPerSecond(), r.stages()), back);
    }

    @Test
    void theNewFormatKeepsEveryFieldOfTheOldOne() throws Exception {
        JsonNode v1 = JSON.readTree(Results.VERSION_1);
        JsonNode v2 = BenchResultJson.write(result("x", stages("backbone", stage(8, 15, 16, 17))), 0.8, Map.of("peakMemoryBytes", 1L,
                "peakMemoryKind", "resident"));
        assertEquals("dgan-bench/2", v2.get("format").asText());
        for (var it = v1.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            assertTrue(v2.has(f), f);
            assertEquals(v1.get(f).getNodeType(), v2.get(f).getNodeType(), f);
        }
        for (var it = v1.get("stages").get("backbone").fieldNames(); it.hasNext(); ) assertTrue(v2.get("stages").get("backbone").has(it.next()));
        for (String f : List.of("timestamp", "dgan", "machine", "java", "libtorch", "threads", "task", "backbone"))
            assertTrue(v2.has(f), f);
    }

    @Test
    void aFileWithoutFormatIsReadAsTheFirstVersion() throws Exception {
        BenchResult r = BenchResultJson.read("old.json", JSON.readTree(Results.VERSION_1));
        assertEquals(BenchResultJson.FORMAT_1, r.format());
        assertNull(r.machine());
        assertNull(r.software());
        assertEquals(4, r.settings().batch());
        assertEquals(List.of("backbone", "interpreter", "encode", "write"), List.copyOf(r.stages().keySet()));
        StageStats encode = r.stages().get("encode");
        assertEquals(32, encode.count());
        assertTrue(Double.isNaN(encode.p10Ms()));
        assertEquals(2 * (1.9 - 1.4), encode.bandMs(), 1e-12); // no p10: taken as symmetric about the median
        assertEquals("old.json (dgan-bench/1)", r.describe());
    }

    @Test
    void filesWrittenBeforeThePrecisionOptionCountAsFp32() throws Exception {
        BenchResult r = BenchResultJson.read("old.json", JSON.readTree(Results.VERSION_1.replace("\"precision\" : \"fp32\",", "")));
        assertEquals("fp32", r.settings().precision());
    }

    @Test
    void comparingWithAnOldFileSaysWhatItCannotCheck() throws Exception {
        BenchResult old = BenchResultJson.read("old.json", JSON.readTree(Results.VERSION_1));
        var c = StageComparison.of(old, result("new.json", stages("backbone", stage(8, 15, 16, 17))), new RegressionRule(10));
        assertEquals(List.of("old.json does not record machine, OS, Java, libtorch, threads, model: cannot check that they match"),
                c.warnings());
        assertEquals(4, c.rows().size());
    }

    @Test
    void errorsNameTheFileTheFieldAndWhatWasExpected() {
        assertEquals("old.json: field stages.backbone.p50_ms: expected a number, got \"fast\"",
                readError(Results.VERSION_1.replace("\"p50_ms\" : 16.0", "\"p50_ms\" : \"fast\"")));
        assertEquals("old.json: field stages.encode.count: expected a whole number, got 32.5",
                readError(Results.VERSION_1.replace("\"count\" : 32.0", "\"count\" : 32.5")));
        assertEquals("old.json: field pairsPerSecond: expected a number, got nothing",
                readError(Results.VERSION_1.replace("\"pairsPerSecond\" : 40.0,", "")));
        assertEquals("old.json: field format: expected dgan-bench/2 (or no format field, for files written before it), got \"dgan-bench/9\"",
                readError("{\"format\": \"dgan-bench/9\", \"stages\": {}}"));
        assertEquals("old.json: field machine: expected an object, got nothing", readError("{\"format\": \"dgan-bench/2\"}"));
    }

    @Test
    void filesThatAreNeitherKindAreRefusedByName(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultFiles.read(list)).getMessage()
                .startsWith(list + ": expected a dgan bench result (an object with format and stages) or a JMH result"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"stages\": ");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultFiles.read(broken)).getMessage().startsWith(broken + ": not JSON: "));
        Path missing = dir.resolve("missing.json");
        assertEquals(missing + ": no such file", assertThrows(IllegalArgumentException.class, () -> ResultFiles.read(missing)).getMessage());
    }

    private static String readError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> BenchResultJson.read("old.json", JSON.readTree(text))).getMessage();
    }
}
