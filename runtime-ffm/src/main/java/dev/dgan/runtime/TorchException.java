package dev.dgan.runtime;

/** A libtorch call failed; the message is libtorch's own, prefixed with what was being done. */
public class TorchException extends RuntimeException {
    public TorchException(String message) {
        super(message);
    }
}
