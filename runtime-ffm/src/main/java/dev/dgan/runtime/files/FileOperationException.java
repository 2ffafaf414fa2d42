package dev.dgan.runtime.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An operation on a file that failed, with the file the user knows (the target, not a temporary
 * sibling) and the reason in words: "cannot write /out/image/000012.png: no space left on device".
 */
public final class FileOperationException extends IOException {

    private final String operation;
    private final Path file;
    private final String reason;

    FileOperationException(String operation, Path file, String reason, IOException cause) {
        super("cannot " + operation + " " + file + ": " + reason, cause);
        this.operation = operation;
        this.file = file;
        this.reason = reason;
    }

    public String operation() {
        return operation;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
