package dev.dgan.host.dataset;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leftovers of {@link dev.dgan.api.io.AtomicFiles} writes that a killed run never renamed:
 * {@code .NAME.tmp-HEX}. A resumed run sweeps them before it writes again; sweeping while
 * another process writes into the same directory would delete its files in flight, so a writer
 * that shares the directory sweeps only the names it owns, and only once it holds its run log.
 */
public final class TempFiles {

    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.tmp-[0-9a-f]{1,16}");

    private TempFiles() {
    }

    public static boolean isTemporary(Path file) {
        return TEMPORARY.matcher(file.getFileName().toString()).matches();
    }

    /** Deletes the temporary files under {@code dir} (subdirectories included); returns how many. */
    public static int sweep(Path dir) throws IOException {
        return sweep(dir, target -> true);
    }

    /**
     * Deletes the temporary files under {@code dir} whose target's file name {@code owned} accepts
     * (the name they were to be renamed to, e.g. {@code 000012.png}): one writer's leftovers among
     * the files others are writing into the same directory. Returns how many it deleted.
     */
    public static int sweep(Path dir, Predicate<String> owned) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && isTemporary(file) && owned.test(target(file))) leftovers.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // renamed or removed by another writer between listing and looking at it
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                throw e;
            }
        });
        int deleted = 0;
        for (Path file : leftovers) {
            if (Files.deleteIfExists(file)) deleted++;
        }
        return deleted;
    }

    /** {@code .000012.png.tmp-3f9a} -> {@code 000012.png}. */
    private static String target(Path temporary) {
        Matcher m = TEMPORARY.matcher(temporary.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(temporary + " is not a temporary file");
        return m.group(1);
    }
}
