package dev.dgan.api.annotate;

import dev.dgan.api.task.LabelMap;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Name lists kept beside the samples: {@value #CLASSES} (line i is class id i, the first is
 * the background) and {@value #KEYPOINTS} (one keypoint name per line). Blank lines and lines
 * starting with # are skipped.
 */
public final class LabelNames {

    public static final String CLASSES = "classes.txt";
    public static final String KEYPOINTS = "keypoints.txt";

    private LabelNames() {
    }

    /** The class list: {@value #CLASSES}, else the one the sample listing carries (the demo's label_ids). */
    public static List<String> classes(Path dir, Optional<List<String>> listed) {
        Path file = dir.resolve(CLASSES);
        if (Files.exists(file)) return checked(file, read(file), LabelMap.VOID);
        return listed.orElseThrow(() -> new AnnotationException(file + ": missing; expected the class list, one class name per line"
                + " (line i = class id i, background first)"));
    }

    /** Class names from any file in the {@value #CLASSES} format. */
    public static List<String> classesFile(Path file) {
        if (!Files.isRegularFile(file)) throw new AnnotationException(file + ": missing; expected the class list, one class name per line");
        return checked(file, read(file), LabelMap.VOID);
    }

    public static List<String> keypoints(Path dir) {
        Path file = dir.resolve(KEYPOINTS);
        if (!Files.exists(file)) {
            throw new AnnotationException(file + ": missing; expected the keypoint names, one per line");
        }
        return checked(file, read(file), Integer.MAX_VALUE);
    }

    private static List<String> read(Path file) {
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) names.add(name);
            }
            return names;
        } catch (MalformedInputException e) {
            throw new AnnotationException(file + ": expected UTF-8 text, the file holds bytes that are not UTF-8", e);
        } catch (IOException e) {
            throw new AnnotationException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static List<String> checked(Path file, List<String> names, int limit) {
        if (names.isEmpty()) throw new AnnotationException(file + ": expected at least one name, found none");
        if (names.size() > limit) {
            throw new AnnotationException(file + ": " + names.size() + " names, expected at most " + limit
                    + " (class id " + LabelMap.VOID + " is void)");
        }
        var seen = new HashSet<String>();
        for (String name : names) {
            if (!seen.add(name)) throw new AnnotationException(file + ": name " + name + " appears twice, expected each name once");
        }
        return List.copyOf(names);
    }
}
