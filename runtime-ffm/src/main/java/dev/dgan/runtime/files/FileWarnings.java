package dev.dgan.runtime.files;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Warnings about the content of a file the user gave (a checkpoint that holds something it
 * should not), printed on stderr as "warning: FILE: ...". A file read twice in one run (a
 * command that loads its checkpoint again) warns once: each file and message is printed only
 * the first time.
 */
public final class FileWarnings {

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static volatile Consumer<String> sink = System.err::println;

    private FileWarnings() {
    }

    /** Prints "warning: FILE: message" unless this file has had this warning already; returns whether it printed. */
    public static boolean warnOnce(Path file, String message) {
        Path key = file.toAbsolutePath().normalize();
        if (!WARNED.add(key + "\n" + message)) return false;
        sink.accept("warning: " + key + ": " + message);
        return true;
    }

    /** Sends warnings to {@code to} instead of stderr (tests); returns the previous sink. */
    public static Consumer<String> redirect(Consumer<String> to) {
        Consumer<String> previous = sink;
        sink = to;
        return previous;
    }
}
