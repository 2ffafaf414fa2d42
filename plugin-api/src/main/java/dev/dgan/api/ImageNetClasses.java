package dev.dgan.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The 1000 ImageNet-1k (ILSVRC 2012) classes in class-index order (the sorted WordNet ids),
 * as ImageNet-trained generators such as BigGAN number them: WordNet id and synonyms per index,
 * read once from {@code imagenet-classes.tsv} beside this class.
 */
public final class ImageNetClasses {

    public static final int COUNT = 1000;
    private static final String RESOURCE = "imagenet-classes.tsv";
    private static final int MAX_CANDIDATES = 5;

    /** One class: its index, WordNet id and synonyms, the first being its display name. */
    public record Entry(int index, String wnid, List<String> synonyms) {
        public Entry {
            synonyms = List.copyOf(synonyms);
            if (synonyms.isEmpty()) throw new IllegalArgumentException("class " + index + " has no name");
        }

        public String name() {
            return synonyms.get(0);
        }
    }

    private static final class Holder {
        static final ImageNetClasses INSTANCE = load();
    }

    private final List<Entry> entries;
    private final Map<String, Integer> byWnid = new HashMap<>();
    /** lower-cased synonym -> the indices of every class that has it (e.g. "crane": a bird and a machine). */
    private final Map<String, List<Integer>> bySynonym = new HashMap<>();

    private ImageNetClasses(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : entries) {
            byWnid.put(e.wnid(), e.index());
            for (String s : e.synonyms()) {
                List<Integer> ids = bySynonym.computeIfAbsent(s.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                if (!ids.contains(e.index())) ids.add(e.index());
            }
        }
    }

    /** The classes, loaded on first use. */
    public static ImageNetClasses get() {
        return Holder.INSTANCE;
    }

    /** Display names (each class's first synonym) by index; not unique ("crane", "maillot" occur twice). */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(int index) {
        if (index < 0 || index >= entries.size()) {
            throw new IllegalArgumentException("ImageNet class index " + index + " out of range 0.." + (entries.size() - 1));
        }
        return entries.get(index);
    }

    public String wnid(int index) {
        return entry(index).wnid();
    }

    /**
     * The class index that {@code query} names: an index ({@code 207}), a WordNet id
     * ({@code n02099601}) or one of a class's synonyms, case-insensitively
     * ({@code golden retriever}). Unknown and ambiguous names are rejected with candidates.
     */
    public int resolve(String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) throw new IllegalArgumentException("empty ImageNet class name");
        if (q.chars().allMatch(Character::isDigit)) {
            int index;
            try {
                index = Integer.parseInt(q);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index < 0 || index >= entries.size()) {
                throw new IllegalArgumentException("ImageNet class index " + q + " out of range 0.." + (entries.size() - 1));
            }
            return index;
        }
        Integer byId = byWnid.get(q.toLowerCase(Locale.ROOT));
        if (byId != null) return byId;
        String key = q.toLowerCase(Locale.ROOT);
        List<Integer> hits = bySynonym.getOrDefault(key, List.of());
        if (hits.size() == 1) return hits.get(0);
        if (hits.size() > 1) {
            throw new IllegalArgumentException("ImageNet class name '" + q + "' is ambiguous: " + describe(hits)
                    + "; give the index or WordNet id");
        }
        List<Integer> near = entries.stream()
                .filter(e -> e.synonyms().stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(key)))
                .map(Entry::index).toList();
        throw new IllegalArgumentException("unknown ImageNet class '" + q + "'" + (near.isEmpty()
                ? " (give an index 0.." + (entries.size() - 1) + ", a WordNet id like n01440764 or a class name)"
                : "; names containing it: " + describe(near)));
    }

    private String describe(List<Integer> indices) {
        String shown = indices.stream().limit(MAX_CANDIDATES)
                .map(i -> i + " " + entries.get(i).wnid() + " (" + String.join(", ", entries.get(i).synonyms()) + ")")
                .collect(Collectors.joining("; "));
        return indices.size() > MAX_CANDIDATES ? shown + "; ... " + (indices.size() - MAX_CANDIDATES) + " more" : shown;
    }

    private static ImageNetClasses load() {
        try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from plugin-api");
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code index TAB wnid TAB synonyms}, '#' lines being comments; checks the whole table. */
    static ImageNetClasses parse(BufferedReader reader, String source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": expected index, wnid and names separated by"
                        + " tabs, got " + f.length + " fields");
            }
            int index;
            try {
                index = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": index '" + f[0] + "' is not a number");
            }
            if (index != entries.size()) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": expected index " + entries.size() + ", got " + index);
            }
            if (!f[1].matches("n\\d{8}")) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": WordNet id '" + f[1] + "' is not n + 8 digits");
            }
            if (!entries.isEmpty() && entries.get(entries.size() - 1).wnid().compareTo(f[1]) >= 0) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": WordNet id " + f[1]
                        + " is not after the previous one: the class order is the sorted WordNet ids");
            }
            List<String> synonyms = Arrays.stream(f[2].split(",")).map(String::strip).toList();
            if (synonyms.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": empty name in '" + f[2] + "'");
            }
            entries.add(new Entry(index, f[1], synonyms));
        }
        if (entries.size() != COUNT) {
            throw new IllegalArgumentException(source + ": expected " + COUNT + " classes, got " + entries.size());
        }
        return new ImageNetClasses(entries);
    }
}
