package dev.dgan.api.annotate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.files.FileErrors;

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
 * Name lists kept beside the samples: the class list and {@value #KEYPOINTS} (one keypoint
 * name per line). Blank lines and lines starting with # are skipped.
 * <p>
 * The class list is {@value #CLASSES} or LabelMe's {@value #LABELME_LABELS}, and either file
 * may follow either convention, told apart by the first name: when it is
 * {@value #LABELME_IGNORE} the list is LabelMe's ({@code __ignore__}, then
 * {@value #LABELME_BACKGROUND}, then the classes): {@code __ignore__} takes no class id
 * (it marks void pixels) and ids count from {@code _background_} = 0. Otherwise line i is
 * class id i and the first line is the background (dgan's convention).
 */
public final class LabelNames {

    /** LabelMe's labels.txt convention: this name first marks void pixels, then the background is class 0. */
    public static final String LABELME_IGNORE = "__ignore__";
    public static final String LABELME_BACKGROUND = "_background_";


    public static final String CLASSES = "classes.txt";
    public static final String KEYPOINTS = "keypoints.txt";
    public static final String LABELME_LABELS = "labels.txt";

    private LabelNames() {
    }

    /** The class list: {@value #CLASSES} or {@value #LABELME_LABELS}, else the one the sample listing carries (the demo's label_ids). */
    public static List<String> classes(Path dir, Optional<List<String>> listed) {
        Path classes = dir.resolve(CLASSES), labels = dir.resolve(LABELME_LABELS);
        if (Files.exists(classes) && Files.exists(labels)) {
            throw new AnnotationException(classes + " and " + labels + ": two class lists, expected one of them");
        }
        if (Files.exists(classes)) return classList(classes);
        if (Files.exists(labels)) return classList(labels);
        return listed.orElseThrow(() -> new AnnotationException(classes + ": missing; expected the class list, one class name per line"
                + " (line i = class id i, background first), or LabelMe's " + LABELME_LABELS));
    }

    /** The class list in the files that a directory without one may get it from: used when annotations carry their own names. */
    public static Optional<List<String>> classesIfPresent(Path dir, Optional<List<String>> listed) {
        if (Files.exists(dir.resolve(CLASSES)) || Files.exists(dir.resolve(LABELME_LABELS)) || listed.isPresent()) {
            return Optional.of(classes(dir, listed));
        }
        return Optional.empty();
    }

    /** Class names from any file in either class list convention. */
    public static List<String> classesFile(Path file) {
        if (!Files.isRegularFile(file)) throw new AnnotationException(file + ": missing; expected the class list, one class name per line");
        return classList(file);
    }

    private static List<String> classList(Path file) {
        List<String> names = read(file);
        if (!names.isEmpty() && names.getFirst().equals(LABELME_IGNORE)) {
            String second = names.size() > 1 ? names.get(1) : "nothing";
            if (!second.equals(LABELME_BACKGROUND)) {
                throw new AnnotationException(file + ": " + second + " follows " + LABELME_IGNORE + ", expected "
                        + LABELME_BACKGROUND + " (LabelMe's convention: " + LABELME_IGNORE + ", then "
                        + LABELME_BACKGROUND + " = class 0, then the classes)");
            }
            names = names.subList(1, names.size());
        }
        int ignore = names.indexOf(LABELME_IGNORE);
        if (ignore >= 0) {
            throw new AnnotationException(file + ": " + LABELME_IGNORE + " is name " + (ignore + 1) + ", expected it only as the"
                    + " first name (LabelMe's convention, where it marks void pixels and takes no class id)");
        }
        return checked(file, names, LabelMap.VOID);
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
            throw new AnnotationException(file + ": cannot read: " + FileErrors.reason(e), e);
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
