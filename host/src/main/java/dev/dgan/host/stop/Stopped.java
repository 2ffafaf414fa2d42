package dev.dgan.host.stop;

/**
 * A command ended early because the user or a scheduler asked it to stop. Not a failure of
 * the input: the host prints the message and exits with the signal's conventional status.
 */
public final class Stopped extends RuntimeException {

    private final StopSignal.Kind kind;

    public Stopped(StopSignal.Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public int exitStatus() {
        return kind.exitStatus;
    }
}
