package dev.dgan.host.classes;

import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads a class list as {@code --classes} takes it: {@code all} (every class of the backbone),
 * a text file (one id or name per line; blank lines and # comments ignored), or ids and names
 * separated by commas. An argument naming an existing file is read as a file; so is one that
 * looks like a path (has a '/' or ends in .txt), so a mistyped path is not taken for a name.
 */
public final class ClassList {

    private ClassList() {}

    public static List<Integer> parse(String spec, ClassNames classes, String option) {
        String s = spec.strip();
        if (s.isEmpty()) throw new IllegalArgumentException(option + ": expected all, a file or a comma-separated list of classes, got nothing");
        if (s.equals("all")) return IntStream.range(0, classes.count()).boxed().toList();
        Path file = Path.of(s);
        if (Files.isRegularFile(file) || s.contains("/") || s.endsWith(".txt")) return fromFile(file, classes, option);
        List<Integer> out = new ArrayList<>();
        for (String token : s.split(",", -1)) out.add(classes.resolve(token, option + " '" + s + "'"));
        return List.copyOf(out);
    }

    static List<Integer> fromFile(Path file, ClassNames classes, String option) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": class list file " + file + " does not exist");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(option + ": " + file + " is not UTF-8 text, expected one class id or name per line", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + FileErrors.reason(e), e);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!entry.isEmpty()) out.add(classes.resolve(entry, file + " line " + (i + 1)));
        }
        if (out.isEmpty())
            throw new IllegalArgumentException(option + ": " + file + " lists no classes, expected one class id or name per line");
        return List.copyOf(out);
    }
}
