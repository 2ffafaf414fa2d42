package dev.dgan.runtime.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file whose bytes do not follow the format. Checked, like other I/O failures,
 * because the cause is outside the program: a truncated download or a file from a buggy writer.
 * The message always names the file and, where one is involved, the tensor and field.
 */
public final class SafetensorsFormatException extends IOException {
    private final Path file;
    private final String tensor;

    SafetensorsFormatException(Path file, String tensor, String field, String problem) {
        super(file + ": " + (tensor == null ? "" : "tensor '" + tensor + "': ") + field + ": " + problem);
        this.file = file;
        this.tensor = tensor;
    }

    static SafetensorsFormatException header(Path file, String field, String problem) {
        return new SafetensorsFormatException(file, null, field, problem);
    }

    static SafetensorsFormatException tensor(Path file, String tensor, String field, String problem) {
        return new SafetensorsFormatException(file, tensor, "field '" + field + "'", problem);
    }

    public Path file() {
        return file;
    }

    /** The tensor the problem is in, or null when it concerns the file as a whole. */
    public String tensor() {
        return tensor;
    }
}
