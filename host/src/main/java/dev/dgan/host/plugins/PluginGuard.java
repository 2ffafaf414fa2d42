package dev.dgan.host.plugins;

import dev.dgan.host.stop.Stopped;
import dev.dgan.api.annotate.AnnotationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Runs one extension's code for the host. Whatever it throws, Errors included, becomes a
 * {@link PluginCallException} naming the plugin, the extension and the call, so a broken plugin
 * costs the command that chose it one line, and never the others.
 *
 * <p>Three kinds pass through unchanged: the API's channel for bad user input
 * ({@link IOException}, {@link UncheckedIOException}, {@link IllegalArgumentException} and
 * {@link AnnotationException} with a message; plugins are asked to name the file, field and
 * expected value there, and the host already prints those as one line), failures already
 * attributed to a plugin (a backbone a task called back into), and failures of the host's own
 * callbacks (see {@link HostCallbacks}). Errors that leave the JVM unreliable (out of memory,
 * internal errors) are not caught; a stack overflow is, since the stack has unwound by then.
 */
public final class PluginGuard {

    /** A call that may throw the API's checked {@link IOException}. */
    @FunctionalInterface
    public interface IoCall<T> {
        T run() throws IOException;
    }

    /** As {@link IoCall} without a result. */
    @FunctionalInterface
    public interface IoRun {
        void run() throws IOException;
    }

    private final PluginOrigin origin;
    private final String subject;

    /** {@code subject} names the extension in messages: {@code backbone stylegan2}. */
    public PluginGuard(PluginOrigin origin, String subject) {
        this.origin = origin;
        this.subject = subject;
    }

    public PluginOrigin origin() {
        return origin;
    }

    public <T> T call(String call, Supplier<T> body) {
        return call(call, null, body);
    }

    /** As {@link #call(String, Supplier)}, letting failures of {@code host}'s callbacks through as the host's own. */
    public <T> T call(String call, HostCallbacks host, Supplier<T> body) {
        try {
            return body.get();
        } catch (Throwable e) {
            throw blame(call, e, host);
        }
    }

    public void run(String call, Runnable body) {
        try {
            body.run();
        } catch (Throwable e) {
            throw blame(call, e, null);
        }
    }

    public <T> T io(String call, IoCall<T> body) throws IOException {
        try {
            return body.run();
        } catch (IOException e) {
            if (hasMessage(e)) throw e;
            throw blame(call, e, null);
        } catch (Throwable e) {
            throw blame(call, e, null);
        }
    }

    public void ioRun(String call, IoRun body) throws IOException {
        io(call, () -> {
            body.run();
            return null;
        });
    }

    /** {@code value}, or a failure saying the call returned null and what it should have returned. */
    public <T> T nonNull(String call, T value, String expected) {
        if (value == null) throw broken(call + " returned null, expected " + expected);
        return value;
    }

    /** A name users type ({@code --backbone NAME}): {@code name} when it is one, else a failure saying what was expected. */
    public String name(String name, String option) {
        if (name == null || name.isBlank() || !name.equals(name.strip()) || name.chars().anyMatch(Character::isWhitespace))
            throw broken("name returned " + (name == null ? "null" : "'" + name + "'") + ", expected the name users pass to " + option
                    + " (no spaces)");
        return name;
    }

    /** A failure of this extension's contract that threw nothing: {@code problem} says what it did and what was expected. */
    public PluginCallException broken(String problem) {
        return new PluginCallException(origin, subject, problem, null);
    }

    /** The exception to throw for {@code e}, thrown from {@code call}; rethrows what must not be wrapped. */
    private RuntimeException blame(String call, Throwable e, HostCallbacks host) {
        if (host != null && host.threw(e)) return host.rethrow();
        if (e instanceof PluginCallException attributed) return attributed;
        // a stop request raised in a host callback (training progress) travels through the plugin unchanged
        if (e instanceof Stopped stopped) return stopped;
        if (e instanceof VirtualMachineError vm && !(e instanceof StackOverflowError)) throw vm;
        if ((e instanceof IllegalArgumentException || e instanceof UncheckedIOException || e instanceof AnnotationException)
                && hasMessage(e)) {
            return (RuntimeException) e;
        }
        return new PluginCallException(origin, subject, call + " failed: " + describe(e), e);
    }

    private static boolean hasMessage(Throwable e) {
        return e.getMessage() != null && !e.getMessage().isBlank();
    }

    /**
     * {@code IllegalStateException: boom}: the type and the first line of the message; for a
     * wrapper without a message of its own (ExceptionInInitializerError), what it wraps.
     */
    static String describe(Throwable e) {
        String type = e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
        if (hasMessage(e)) return type + ": " + e.getMessage().strip().lines().findFirst().orElse("");
        if (e.getCause() != null && e.getCause() != e) return type + " (" + describe(e.getCause()) + ")";
        return type;
    }
}
