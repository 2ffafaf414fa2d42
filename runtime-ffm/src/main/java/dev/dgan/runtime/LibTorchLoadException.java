package dev.dgan.runtime;

/** libtorch could not be found, opened, or lacks what the runtime binds. */
public class LibTorchLoadException extends RuntimeException {
    public LibTorchLoadException(String message) {
        super(message);
    }

    public LibTorchLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
