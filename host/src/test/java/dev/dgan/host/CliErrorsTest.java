package dev.dgan.host;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureTap;
import dev.dgan.host.sample.LatentsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Errors about files read as one sentence naming the file and what was expected, never as a bare
 * path: an {@code --out} that names a file (checked before any work is done), a missing latents
 * file, and the JDK's file exceptions that reach the command line.
 */
class CliErrorsTest {

    @TempDir
    Path dir;

    private String fails(String... args) {
        CommandLine cl = Dgan.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(2, cl.execute(args), err.toString());
        return err.toString().strip();
    }

    @Test
    void anOutputDirectoryThatIsAFileIsRefusedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("results"), "not a folder");
        Path model = Files.createDirectories(dir.resolve("model")), annotations = Files.createDirectories(dir.resolve("ann"));
        Path config = Files.writeString(dir.resolve("G.json"), "{}");
        String expected = "dgan: --out " + file + ": expected a directory, found a regular file";
        assertEquals(expected, fails("sample", "--count", "1", "--out", file.toString()));
        assertEquals(expected, fails("generate", "--model", model.toString(), "--count", "1", "--out", file.toString()));
        assertEquals(expected, fails("train", "--annotations", annotations.toString(), "--out", file.toString()));
        assertEquals(expected, fails("evaluate", "--dataset", dir.toString(), "--stats-only", "--out", file.toString()));
        assertEquals(expected, fails("demo", "--out", file.toString()));
        assertEquals(expected, fails("init", "--backbone", "stylegan2", "--config", config.toString(), "--out", file.toString()));
        assertEquals("dgan: --out " + file.resolve("model") + ": expected a directory, but " + file + " is a regular file",
                fails("train", "--annotations", annotations.toString(), "--out", file.resolve("model").toString()));
    }

    @Test
    void initRefusesABadTruncationBeforeAnyWork() throws Exception {
        Path config = Files.writeString(dir.resolve("G.json"), "{}");
        assertEquals("dgan: --truncation: expected a finite psi >= 0, got -1.0", fails("init", "--backbone", "stylegan1", "--config",
                config.toString(), "--truncation", "-1", "--out", dir.resolve("m").toString()));
    }

    @Test
    void aMissingLatentsFileIsNamed() {
        BackboneInfo info = new BackboneInfo("toy", "v", 4, 3, new Conditioning.Unconditional(), 8, 0, 0, List.of(new FeatureTap("t", 1, 4)));
        Path missing = dir.resolve("latents.safetensors");
        var e = assertThrows(IllegalArgumentException.class, () -> LatentsFile.read(missing, info));
        assertEquals("latents file " + missing + ": not found", e.getMessage());
    }

    @Test
    void fileExceptionsThatAreOnlyAPathAreTranslated() throws Exception {
        CommandLine cl = Dgan.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        var handler = cl.getExecutionExceptionHandler();
        assertEquals(2, handler.handleExecutionException(new NoSuchFileException("/data/ann/latents.safetensors"), cl, null));
        assertEquals(2, handler.handleExecutionException(new FileAlreadyExistsException("/out/run.json"), cl, null));
        assertEquals(2, handler.handleExecutionException(new AccessDeniedException("/out/image"), cl, null));
        assertEquals(2, handler.handleExecutionException(new java.nio.file.FileSystemException("/ro/out", null, "Read-only file system"), cl, null));
        assertEquals(List.of("dgan: /data/ann/latents.safetensors: no such file or directory", "dgan: /out/run.json: already exists",
                "dgan: /out/image: permission denied", "dgan: /ro/out: read-only file system"), err.toString().lines().toList());
    }
}
