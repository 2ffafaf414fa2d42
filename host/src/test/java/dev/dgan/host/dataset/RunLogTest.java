package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLogTest {

    @TempDir
    Path dir;

    @Test
    void appendedRecordsAreThereAfterReopening() throws Exception {
        Path file = dir.resolve("run.jsonl");
        try (RunLog log = RunLog.open(file)) {
            assertTrue(log.records().isEmpty());
            log.append(Map.of("event", "start"));
            log.append(Map.of("index", 0, "image", "images/000000.png", "uncertainty", 0.25));
            log.append(new ObjectMapper().createObjectNode().put("index", 1).put("kept", false));
            assertEquals(Set.of(0, 1), log.completed());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(Files.readString(file).endsWith("}\n"));
        try (RunLog log = RunLog.open(file)) {
            assertEquals(3, log.records().size());
            assertEquals(Set.of(0, 1), log.completed());
            assertTrue(log.isCompleted(1));
            assertFalse(log.isCompleted(2));
            assertEquals("images/000000.png", log.records().get(1).get("image").asText());
            assertEquals(0, log.discardedBytes());
        }
    }

    @Test
    void partialLastLineOfAKilledRunIsCutOff() throws Exception {
        Path file = dir.resolve("run.jsonl");
        String whole = "{\"index\":0}\n{\"index\":1}\n";
        Files.writeString(file, whole + "{\"index\":2,\"ima");
        try (RunLog log = RunLog.open(file)) {
            assertEquals(Set.of(0, 1), log.completed());
            assertEquals(15, log.discardedBytes());
            assertEquals(whole, Files.readString(file));
            log.append(Map.of("index", 2));
        }
        assertEquals(whole + "{\"index\":2}\n", Files.readString(file));
    }

    @Test
    void unparsableLastLineIsCutOffToo() throws Exception {
        Path file = dir.resolve("run.jsonl");
        Files.write(file, "{\"index\":0}\n\0\0\0\0\n".getBytes(StandardCharsets.UTF_8));
        try (RunLog log = RunLog.open(file)) {
            assertEquals(Set.of(0), log.completed());
            assertEquals(5, log.discardedBytes());
        }
        assertEquals("{\"index\":0}\n", Files.readString(file));
    }

    @Test
    void aDamagedLastLineIsCutAtItsOwnStart() throws Exception {
        // six bytes that are not UTF-8 decode to 18 bytes of replacement characters; only the six go
        Path file = dir.resolve("run.jsonl");
        Files.write(file, "{\"index\":0}\n\377\377\377\377\377\377\n".getBytes(StandardCharsets.ISO_8859_1));
        try (RunLog log = RunLog.open(file)) {
            assertEquals(Set.of(0), log.completed());
            assertEquals(7, log.discardedBytes());
        }
        assertEquals("{\"index\":0}\n", Files.readString(file));
    }

    @Test
    void damageBeforeTheLastLineIsAnError() throws Exception {
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, "{\"index\":0}\nnot json\n{\"index\":1}\n");
        var e = assertThrows(IOException.class, () -> RunLog.open(file));
        assertTrue(e.getMessage().contains("line 2 is not a JSON object; the run log is damaged"), e.getMessage());
        Files.writeString(file, "{\"index\":0}\n{\"index\":0}\n");
        e = assertThrows(IOException.class, () -> RunLog.open(file));
        assertTrue(e.getMessage().contains("sample 0 is logged on lines 1 and 2"), e.getMessage());
    }

    @Test
    void aSampleIsLoggedOnce() throws Exception {
        Path file = dir.resolve("run.jsonl");
        try (RunLog log = RunLog.open(file)) {
            log.append(Map.of("index", 4));
            var e = assertThrows(IllegalArgumentException.class, () -> log.append(Map.of("index", 4, "again", true)));
            assertEquals(file + ": sample 4 is already logged (line 1); a resumed run must skip completed samples", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> log.append(Map.of("index", "four")));
            assertEquals(1, log.records().size());
        }
        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void twoRunsCannotShareALog() throws Exception {
        Path file = dir.resolve("run.jsonl");
        try (RunLog log = RunLog.open(file)) {
            var e = assertThrows(IOException.class, () -> RunLog.open(file));
            assertTrue(e.getMessage().contains("another run is writing into"), e.getMessage());
        }
        try (RunLog again = RunLog.open(file)) {
            assertTrue(again.records().isEmpty());
        }
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        try (RunLog blank = RunLog.open(file)) {
            assertTrue(blank.records().isEmpty());
        }
    }
}
