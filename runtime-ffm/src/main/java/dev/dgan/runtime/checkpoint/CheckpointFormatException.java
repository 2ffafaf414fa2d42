package dev.dgan.runtime.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A PyTorch checkpoint whose bytes do not follow the format {@link TorchCheckpoint} reads: a
 * truncated or corrupt archive, a malformed pickle, a tensor that points outside its storage.
 * The message names the file, the place in the object tree when one is involved (e.g.
 * {@code state_dict.mapping.fc0.weight}), the field, and what was expected.
 */
public final class CheckpointFormatException extends IOException {

    private final Path file;
    private final String objectPath;
    private final String field;
    private final String problem;

    CheckpointFormatException(Path file, String objectPath, String field, String problem) {
        this(file, objectPath, field, problem, null);
    }

    CheckpointFormatException(Path file, String objectPath, String field, String problem, Throwable cause) {
        super(file + ": " + (objectPath == null ? "" : "'" + (objectPath.isEmpty() ? "<root>" : objectPath) + "': ")
                + field + ": " + problem, cause);
        this.file = file;
        this.objectPath = objectPath;
        this.field = field;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /**
     * Where in the object tree the problem is, as dotted keys ({@code state_dict.fc.weight}; the
     * empty string is the top-level object), or null when it concerns the file as a whole.
     */
    public String objectPath() {
        return objectPath;
    }

    /** What was wrong, without the file and path (for a reader that reports it inside a message of its own). */
    String problem() {
        return problem;
    }

    /** The part of the format that is wrong, e.g. {@code "storage key"} or {@code "data.pkl"}. */
    public String field() {
        return field;
    }
}
