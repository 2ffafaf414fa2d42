package dev.dgan.api.io;

import dev.dgan.runtime.files.FileErrors;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it appears complete or not at all: the bytes go to a temporary
 * sibling that is renamed over the target. A run killed half-way leaves no half-written
 * output under the final name. A failure names the target, not the temporary file, and says
 * why: "cannot write /out/image/000012.png: no space left on device".
 */
public final class AtomicFiles {

    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = temporary(abs);
        try {
            writeTemporary(tmp, body);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw FileErrors.failed("write", target, deleting(tmp, e));
        } catch (RuntimeException e) {
            throw deleting(tmp, e);
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Like {@link #write}, but only if {@code target} does not exist yet: of two processes creating
     * the same file at once, exactly one succeeds, and the other gets a
     * {@link FileAlreadyExistsException} naming the target (the file is left as the first wrote it).
     */
    public static void create(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = temporary(abs);
        try {
            writeTemporary(tmp, body);
            try {
                // link(2) fails atomically when the name exists; rename(2) would replace it
                Files.createLink(abs, tmp);
                Files.delete(tmp);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // file systems without hard links: a move that refuses an existing target
                Files.move(tmp, abs);
            }
        } catch (FileAlreadyExistsException e) {
            throw deleting(tmp, new FileAlreadyExistsException(target.toString()));
        } catch (IOException e) {
            throw FileErrors.failed("write", target, deleting(tmp, e));
        } catch (RuntimeException e) {
            throw deleting(tmp, e);
        }
    }

    private static Path temporary(Path abs) {
        return abs.resolveSibling("." + abs.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    private static void writeTemporary(Path tmp, Body body) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            body.writeTo(out);
        }
    }

    /** Removes the temporary file after a failure; returns {@code e}, with any trouble removing it attached. */
    private static <E extends Exception> E deleting(Path tmp, E e) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
        return e;
    }
}
