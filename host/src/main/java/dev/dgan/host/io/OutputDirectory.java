package dev.dgan.host.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Checks a command's output directory option before the command does any work: training for
 * minutes and then failing to create {@code --out} because it names a file would lose the work.
 * It does not create the directory; the command does, when it writes.
 */
public final class OutputDirectory {

    private OutputDirectory() {
    }

    /**
     * @throws IllegalArgumentException naming the option and the path when {@code dir} is not a
     *         directory, or cannot become one (a parent is a file, or is not writable)
     */
    public static void check(Path dir, String option) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException(option + " " + dir + ": expected a directory, found " + kind(dir));
            if (!Files.isWritable(dir)) throw new IllegalArgumentException(option + " " + dir + ": not writable: " + whyNotWritable(dir));
            return;
        }
        if (Files.isSymbolicLink(dir))
            throw new IllegalArgumentException(option + " " + dir + ": expected a directory, found a symbolic link to a missing target");
        Path existing = dir.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        if (!Files.isDirectory(existing))
            throw new IllegalArgumentException(option + " " + dir + ": expected a directory, but " + existing + " is " + kind(existing));
        if (!Files.isWritable(existing))
            throw new IllegalArgumentException(option + " " + dir + ": cannot be created in " + existing + ": " + whyNotWritable(existing));
    }

    private static String whyNotWritable(Path p) {
        try {
            if (Files.getFileStore(p).isReadOnly()) return "read-only file system";
        } catch (IOException e) {
            // no file store to ask: the likelier reason below
        }
        return "permission denied";
    }

    private static String kind(Path p) {
        if (Files.isRegularFile(p)) return "a regular file";
        if (Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return "a symbolic link";
        return "a special file";
    }
}
