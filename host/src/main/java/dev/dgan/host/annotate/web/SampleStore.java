package dev.dgan.host.annotate.web;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.LabelNames;
import dev.dgan.api.image.Palette;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.task.LabelMap;
import dev.dgan.host.annotate.ListedSample;
import dev.dgan.host.annotate.SampleListing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The samples of a {@code dgan sample} folder and their masks, as the editor reads and saves
 * them. A mask is saved where {@code dgan train} reads it: {@code mask_NNNN.png} (8-bit palette
 * PNG, value = class id, 255 = void) beside the image, or the path the demo's index names. The
 * editor's shapes (polygons) go to {@code annotate/sample_NNNN.json} in LabelMe's format, in a
 * subfolder because train refuses a sample with both a mask and a LabelMe file beside it; the
 * mask already holds the polygons' pixels. Every write is a temporary file renamed over the
 * target, and a save names the version it replaces: a save from a stale page is refused.
 */
public final class SampleStore {

    /** Folder of the editor's LabelMe shape files, inside the sample folder. */
    static final String SHAPES_DIR = "annotate";

    /** One sample: its listing entry, where its mask and shape files go, and the image size. */
    public record Entry(ListedSample sample, Path mask, Path shapes, ImageSize size) {
        public int index() {
            return sample.index();
        }
    }

    /** What is saved for a sample: the version, and the mask and shapes when there are any. */
    public record Saved(String version, Optional<LabelMap> mask, Optional<String> shapesJson) {}

    /** A save that names a version other than the one on disk. */
    public static final class Conflict extends Exception {
        final String current;

        Conflict(String current) {
            super("the mask was saved elsewhere since this page loaded it (version now " + current + ")");
            this.current = current;
        }
    }

    private final Path dir;
    private final List<String> classes;
    private final List<Entry> entries;

    private SampleStore(Path dir, List<String> classes, List<Entry> entries) {
        this.dir = dir;
        this.classes = classes;
        this.entries = entries;
    }

    /**
     * Opens {@code dir}. Without a class list there, {@code classes} (if given) is written to
     * {@code classes.txt}; with one, {@code classes} must be absent or the same.
     */
    public static SampleStore open(Path dir, Optional<List<String>> classes) throws IOException {
        SampleListing listing = SampleListing.read(dir);
        boolean hasList = Files.exists(dir.resolve(LabelNames.CLASSES)) || Files.exists(dir.resolve(LabelNames.LABELME_LABELS))
                || listing.classes().isPresent();
        if (!hasList) {
            List<String> given = classes.orElseThrow(() -> new IllegalArgumentException(dir.resolve(LabelNames.CLASSES)
                    + ": missing; pass --classes background,NAME,... to write it (background first, line i = class id i)"));
            AtomicFiles.write(dir.resolve(LabelNames.CLASSES), (String.join("\n", given) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> names = LabelNames.classes(dir, listing.classes());
        if (hasList && classes.isPresent() && !classes.get().equals(names)) {
            throw new IllegalArgumentException("--classes " + String.join(",", classes.get()) + " differs from the class list of "
                    + dir + ": " + String.join(",", names) + " (leave --classes out to use it)");
        }
        List<Entry> entries = listing.samples().stream().map(s -> entry(dir, s)).toList();
        return new SampleStore(dir, names, entries);
    }

    private static Entry entry(Path dir, ListedSample s) {
        String stem = s.image().getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String id = stem.startsWith("sample_") ? stem.substring("sample_".length()) : stem;
        Path mask = s.mask() != null ? s.mask() : dir.resolve("mask_" + id + ".png");
        return new Entry(s, mask, dir.resolve(SHAPES_DIR).resolve(stem + ".json"), ImageSize.of(s.image()));
    }

    public Path dir() {
        return dir;
    }

    public List<String> classes() {
        return classes;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(int index) {
        return entries.stream().filter(e -> e.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample " + index + " in " + dir));
    }

    public boolean annotated(Entry e) {
        return Files.exists(e.mask());
    }

    public synchronized String version(Entry e) throws IOException {
        return MaskVersion.of(e.mask());
    }

    public synchronized Saved read(Entry e) throws IOException {
        if (!Files.exists(e.mask())) return new Saved(MaskVersion.NONE, Optional.empty(), Optional.empty());
        byte[] bytes = Files.readAllBytes(e.mask());
        LabelMap mask = MaskFiles.decode(e.mask(), bytes, e.size(), classes.size());
        Optional<String> shapes = Files.exists(e.shapes()) ? Optional.of(Files.readString(e.shapes())) : Optional.empty();
        return new Saved(MaskVersion.of(bytes), Optional.of(mask), shapes);
    }

    /**
     * Saves {@code mask} (and the shapes, LabelMe JSON, if any) when the mask on disk is still
     * {@code expected}; returns the new version. Synchronized: of two saves naming the same
     * version, the second sees the first's and gets the conflict.
     */
    public synchronized String save(Entry e, String expected, LabelMap mask, Optional<String> shapesJson) throws IOException, Conflict {
        String current = MaskVersion.of(e.mask());
        if (!current.equals(expected)) throw new Conflict(current);
        MaskFiles.check(mask, e.size(), classes.size());
        if (shapesJson.isPresent()) {
            Files.createDirectories(e.shapes().getParent());
            AtomicFiles.write(e.shapes(), shapesJson.get().getBytes(StandardCharsets.UTF_8));
        }
        // the mask last: it is what train reads and what the version is taken from
        Palette.writeIndexPng(e.mask(), mask);
        return MaskVersion.of(e.mask());
    }
}
