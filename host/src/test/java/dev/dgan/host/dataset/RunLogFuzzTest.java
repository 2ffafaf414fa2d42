package dev.dgan.host.dataset;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Any bytes as the metadata.jsonl of a run being resumed: the records read, a damaged last line
 * cut off, or the log refused as damaged.
 */
class RunLogFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void open(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("metadata.jsonl", bytes);
        ReaderContract.returnsOrFailsCleanly(file, () -> {
            try (RunLog log = RunLog.open(file)) {
                log.records();
                log.completed();
                requireWholeLinesKept(file, bytes, log.discardedBytes());
            }
        }, IOException.class, IllegalArgumentException.class);
    }

    /** Opening may cut off a damaged end, never more: what stays is the start of the file, up to a line's end. */
    private static void requireWholeLinesKept(Path file, byte[] before, long discarded) throws IOException {
        byte[] after = Files.readAllBytes(file);
        boolean prefix = after.length == before.length - discarded
                && Arrays.equals(after, Arrays.copyOf(before, after.length));
        if (!prefix || (after.length > 0 && after[after.length - 1] != '\n')) {
            throw new AssertionError("opening cut " + discarded + " of " + before.length + " bytes, leaving "
                    + after.length + (prefix ? " bytes that end inside a line" : " bytes that are not the file's start"));
        }
    }

    /** A log as generate writes it, one cut off mid-line by a kill, and one with a blank line. */
    static Stream<byte[]> seeds() {
        String records = """
                {"event":"start","seed":0}
                {"index":0,"file_name":"image/000000.png","label":"label/000000.png","kept":true,"uncertainty":0.25}
                {"index":1,"file_name":"image/000001.png","label":"label/000001.png","kept":false}
                """;
        return Stream.of(records, records + "{\"index\":2,\"file_na", "\n" + records)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
}
