package dev.dgan.runtime.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of one fuzz input as a file, for readers that take a path. One folder per JVM and one
 * file per name, rewritten for every input: creating a file per execution would cost more than
 * most reads. The name is kept because some readers choose their format by the file's extension.
 */
public final class FuzzFile {

    private static final Path DIR = createDir();
    private static final Map<String, Path> FILES = new ConcurrentHashMap<>();

    private FuzzFile() {}

    /** {@code bytes} written to the file {@code name} of this JVM's folder, replacing what it held. */
    public static Path write(String name, byte[] bytes) {
        Path file = FILES.computeIfAbsent(name, n -> {
            Path f = DIR.resolve(n);
            f.toFile().deleteOnExit(); // before the folder: files registered later are deleted first
            return f;
        });
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Path createDir() {
        try {
            Path dir = Files.createTempDirectory("dgan-fuzz-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
