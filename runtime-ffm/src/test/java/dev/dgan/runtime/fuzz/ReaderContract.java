package dev.dgan.runtime.fuzz;

import dev.dgan.runtime.Tensor;

import java.nio.file.Path;
import java.util.List;

/**
 * What every file reader promises on any input: it returns, or it throws one of its documented
 * exception types with a message that names the file it read, and it leaves no tensor open.
 * Anything else escapes to the fuzzer as a finding: a NullPointerException, an index out of
 * bounds, an OutOfMemoryError from a length the file declares, a StackOverflowError from
 * nesting, a clean type without the file's name, a leaked tensor.
 */
public final class ReaderContract {

    /** One read of the file under test. */
    @FunctionalInterface
    public interface Read {
        void run() throws Exception;
    }

    private ReaderContract() {}

    /**
     * Runs {@code read}; returns when it returns or fails with one of {@code clean} naming
     * {@code named} in its message (the file's name is enough: some readers report paths relative
     * to a folder). Any other throwable is rethrown unchanged.
     */
    @SafeVarargs
    public static void returnsOrFailsCleanly(Path named, Read read, Class<? extends Exception>... clean) throws Exception {
        try {
            read.run();
        } catch (Exception e) {
            if (List.of(clean).stream().noneMatch(c -> c.isInstance(e))) throw e;
            String message = e.getMessage();
            String name = named.getFileName().toString();
            if (message == null || !message.contains(name)) {
                throw new AssertionError("a " + e.getClass().getSimpleName() + " whose message does not name the file '"
                        + name + "': " + message, e);
            }
        }
    }

    /** As {@link #returnsOrFailsCleanly}, for readers that make tensors: every tensor made is closed again. */
    @SafeVarargs
    public static void returnsOrFailsCleanlyWithoutLeaks(Path named, Read read, Class<? extends Exception>... clean)
            throws Exception {
        long live = Tensor.liveCount();
        returnsOrFailsCleanly(named, read, clean);
        if (Tensor.liveCount() != live) {
            throw new AssertionError((Tensor.liveCount() - live) + " tensor(s) left open after reading " + named);
        }
    }
}
