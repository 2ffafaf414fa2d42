package dev.dgan.host.stop;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) and a scheduler's SIGTERM, turned from "exit now" into "stop at the next
 * safe point". Exiting while a libtorch call runs on another thread tears down libtorch's
 * static state under it (a SIGSEGV in libtorch_cpu); instead the long-running loops ask
 * {@link #check()} between batches, finish what is in flight, keep finished work and leave
 * with {@link Stopped}. A second signal ends the process at once.
 */
public final class StopSignal {

    /** The signals that ask dgan to stop, with their conventional exit status (128 + number). */
    public enum Kind {
        INT(130), TERM(143);

        final int exitStatus;

        Kind(int exitStatus) {
            this.exitStatus = exitStatus;
        }

        public String signalName() {
            return "SIG" + name();
        }
    }

    private static final StopSignal PROCESS = new StopSignal();

    private final AtomicReference<Kind> received = new AtomicReference<>();

    /** A fresh instance no signal reaches (tests request stops on it directly). */
    public StopSignal() {}

    /** The process-wide instance that {@link #install} feeds. */
    public static StopSignal process() {
        return PROCESS;
    }

    /**
     * Routes SIGINT and SIGTERM of this process to {@link #process()}, telling the user on
     * {@code err} what happens. Where the platform refuses a handler (an embedding JVM with
     * -Xrs), the default behaviour stays.
     */
    public static void install(PrintStream err) {
        for (Kind k : Kind.values()) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(k.name()), s -> PROCESS.receive(k, err));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available here: keep the JVM's own handling
            }
        }
    }

    void receive(Kind kind, PrintStream err) {
        if (!request(kind)) {
            err.println("dgan: " + kind.signalName() + " again: stopping now; finished samples are kept, a run resumes as after a kill");
            err.flush();
            Runtime.getRuntime().halt(kind.exitStatus);
        }
        err.println("dgan: " + kind.signalName() + ": stopping after the work in flight (send it again to stop at once)");
        err.flush();
    }

    /** Records a stop request; false when one was already recorded. */
    public boolean request(Kind kind) {
        return received.compareAndSet(null, kind);
    }

    public Optional<Kind> requested() {
        return Optional.ofNullable(received.get());
    }

    /** Throws {@link Stopped} when a stop was requested; call it where stopping loses nothing. */
    public void check() {
        if (received.get() != null) throw stopped("");
    }

    /** The exception that ends a command after a stop request, saying what was kept; call only once one was requested. */
    public Stopped stopped(String kept) {
        Kind k = requested().orElseThrow(() -> new IllegalStateException("no stop was requested"));
        return new Stopped(k, "stopped by " + k.signalName() + (kept.isEmpty() ? "" : ": " + kept));
    }
}
