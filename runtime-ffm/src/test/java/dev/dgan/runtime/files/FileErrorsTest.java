package dev.dgan.runtime.files;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The JDK's file exceptions whose message is only a path get their reason in words. */
class FileErrorsTest {

    @Test
    void bareFileExceptionsSayWhatWentWrong() {
        assertEquals("/x/latents.safetensors: no such file or directory", FileErrors.describe(new NoSuchFileException("/x/latents.safetensors")));
        assertEquals("/out/run.json: already exists", FileErrors.describe(new FileAlreadyExistsException("/out/run.json")));
        assertEquals("/out: permission denied", FileErrors.describe(new AccessDeniedException("/out")));
        assertEquals("/ro/a.png: read-only file system", FileErrors.describe(new FileSystemException("/ro/a.png", null, "Read-only file system")));
        assertEquals("/out/.run.json.tmp-1f -> /out/run.json: no such file or directory",
                FileErrors.describe(new NoSuchFileException("/out/.run.json.tmp-1f", "/out/run.json", null)));
        assertEquals("/x: no such file or directory", FileErrors.describe(new UncheckedIOException(new NoSuchFileException("/x"))));
    }

    @Test
    void messagesThatAlreadyExplainStay() {
        assertEquals("m.json: field task is 'x', expected 'y'", FileErrors.describe(new IOException("m.json: field task is 'x', expected 'y'")));
        assertEquals("ann/a.png: cannot read: no such file or directory",
                FileErrors.describe(new UncheckedIOException("ann/a.png: cannot read: no such file or directory", new NoSuchFileException("ann/a.png"))));
        assertEquals("--out x: expected a directory", FileErrors.describe(new IllegalArgumentException("--out x: expected a directory")));
    }

    @Test
    void aFailedOperationNamesTheFileTheUserKnowsAndTheReason() {
        Path target = Path.of("/out/image/000012.png");
        FileOperationException e = FileErrors.failed("write", target, new IOException("No space left on device"));
        assertEquals("cannot write /out/image/000012.png: no space left on device", e.getMessage());
        assertEquals("cannot write /out/image/000012.png: no space left on device", FileErrors.describe(e));
        assertSame(e, FileErrors.failed("write", target, e), "not explained twice");
        assertEquals("cannot write /out/run.json: permission denied",
                FileErrors.failed("write", Path.of("/out/run.json"), new AccessDeniedException("/out/.run.json.tmp-9")).getMessage());
        assertEquals("EOF reached", FileErrors.reason(new IOException("EOF reached")));
    }
}
