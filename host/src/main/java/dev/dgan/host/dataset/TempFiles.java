package dev.dgan.host.dataset;

import dev.dgan.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Leftovers of {@link dev.dgan.api.io.AtomicFiles} writes that a killed run never renamed:
 * {@code .NAME.tmp-HEX}. A resumed run sweeps them before it writes again; sweeping while
 * another process writes into the same directory would delete its files in flight.
 */
public final class TempFiles {

    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-[0-9a-f]{1,16}");

    private TempFiles() {
    }

    public static boolean isTemporary(Path file) {
        return TEMPORARY.matcher(file.getFileName().toString()).matches();
    }

    /** Deletes the temporary files under {@code dir} (subdirectories included); returns how many. */
    public static int sweep(Path dir) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(dir)) {
            leftovers = files.filter(f -> Files.isRegularFile(f) && isTemporary(f)).toList();
        }
        int deleted = 0;
        for (Path file : leftovers) {
            if (Files.deleteIfExists(file)) deleted++;
        }
        return deleted;
    }
}
