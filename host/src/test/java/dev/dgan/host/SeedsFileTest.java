package dev.dgan.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatSelectWrites() throws Exception {
        Path file = dir.resolve("picked.txt");
        SeedsFile.write(file, "dgan select: k-center greedy", new long[] {100021, 7, 100003});
        assertArrayEquals(new long[] {100021, 7, 100003}, SeedsFile.read(file));
    }

    @Test
    void namesTheLineThatIsNotASeed() throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "# seeds\n12\n\nx13\n");
        var e = assertThrows(IllegalArgumentException.class, () -> SeedsFile.read(file));
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("x13"), e.getMessage());
        Files.writeString(file, "-1\n");
        assertThrows(IllegalArgumentException.class, () -> SeedsFile.read(file));
    }
}
