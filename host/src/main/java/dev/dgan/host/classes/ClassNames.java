package dev.dgan.host.classes;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.ImageNetClasses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classes of a class-conditional backbone, by id and by name. Names come from the
 * backbone's conditioning; classes without one are called "class N", so that every class has
 * a printable name and lists can be written either way.
 */
public final class ClassNames {

    private final String backbone;
    private final List<String> names;
    private final Map<String, Integer> byName = new HashMap<>();

    public ClassNames(String backbone, List<String> names) {
        if (names.isEmpty()) throw new IllegalArgumentException("backbone " + backbone + ": a class-conditional backbone has at least one class");
        this.backbone = backbone;
        this.names = List.copyOf(names);
        for (int id = 0; id < names.size(); id++) byName.putIfAbsent(key(names.get(id)), id);
        // "class N" also names class N when the backbone has its own names
        for (int id = 0; id < names.size(); id++) byName.putIfAbsent(key(fallback(id)), id);
    }

    /** The classes of {@code info}'s backbone; fails naming {@code option} when it is unconditional. */
    public static ClassNames of(BackboneInfo info, String option) {
        if (!(info.conditioning() instanceof Conditioning.ClassLabels labels))
            throw new IllegalArgumentException(option + ": backbone " + info.name() + " is unconditional; class lists do not apply");
        if (!labels.names().isEmpty()) return new ClassNames(info.name(), labels.names());
        List<String> names = new ArrayList<>(labels.classes());
        for (int id = 0; id < labels.classes(); id++) names.add(fallback(id));
        return new ClassNames(info.name(), names);
    }

    /** Whether these are ImageNet-1k's classes, which have synonyms and WordNet ids besides display names. */
    private boolean imageNet() {
        return names.size() == ImageNetClasses.COUNT && names.equals(ImageNetClasses.get().names());
    }

    public static String fallback(int id) {
        return "class " + id;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    public int count() {
        return names.size();
    }

    public String name(int id) {
        check(id, "class id");
        return names.get(id);
    }

    /**
     * A class id from {@code token}: a number is an id (checked against the class count),
     * anything else a name (case-insensitive). {@code where} names the option or file line
     * the token came from, for the error.
     */
    public int resolve(String token, String where) {
        String t = token.strip();
        if (t.isEmpty()) throw new IllegalArgumentException(where + ": empty class, expected a class id or name");
        if (t.chars().allMatch(Character::isDigit)) {
            int id;
            try {
                id = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                id = Integer.MAX_VALUE;
            }
            return check(id, where);
        }
        if (imageNet()) {
            // synonyms and WordNet ids too, and names two classes share ("crane") are refused rather than guessed
            try {
                return ImageNetClasses.get().resolve(t);
            } catch (IllegalArgumentException e) {
                if (!key(t).matches("class \\d+")) throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        Integer id = byName.get(key(t));
        if (id == null)
            throw new IllegalArgumentException(where + ": backbone " + backbone + " has no class named '" + t + "'; expected an id 0.."
                    + (names.size() - 1) + " or one of its class names (e.g. '" + names.getFirst() + "')");
        return id;
    }

    private int check(int id, String where) {
        if (id < 0 || id >= names.size())
            throw new IllegalArgumentException(where + ": class id " + id + " is out of range, backbone " + backbone + " has classes 0.."
                    + (names.size() - 1));
        return id;
    }
}
