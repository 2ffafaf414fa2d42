package dev.dgan.host.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.annotate.LabelNames;
import dev.dgan.host.generate.SampleFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Opens a folder (or COCO file) of labeled images in whichever layout it has:
 * <ul>
 *   <li>a dataset {@code dgan generate} wrote ({@code metadata*.jsonl}, {@code image/}, {@code label/},
 *       set-aside samples under {@code filtered/});</li>
 *   <li>{@code image/} and {@code label/} (or {@code images/} and {@code labels/}) subfolders with matching file names;</li>
 *   <li>one folder of {@code image_X.png} + {@code label_X.png}, or {@code sample_X.png} + {@code mask_X.png} (annotations);</li>
 *   <li>a COCO JSON file whose {@code file_name}s are relative to its folder.</li>
 * </ul>
 * Class names come from a {@code classes.txt} beside the images, or the COCO categories.
 */
public final class LabeledSources {

    /** Which samples of a generated dataset to take. */
    public enum Selection { KEPT, ALL }

    private static final ObjectMapper JSON = new ObjectMapper();

    private LabeledSources() {}

    public static LabeledSource open(Path path, Selection selection) throws IOException {
        if (Files.isRegularFile(path) && path.toString().endsWith(".json")) return CocoSource.open(path);
        if (!Files.isDirectory(path)) throw new IllegalArgumentException(path + ": no such folder or COCO .json file");
        List<String> names = classNames(path);
        if (hasMetadata(path)) return generated(path, selection, names.isEmpty() ? cocoCategories(path.resolve("coco.json")) : names);
        for (String[] sub : new String[][] {{"image", "label"}, {"images", "labels"}}) {
            Path images = path.resolve(sub[0]), labels = path.resolve(sub[1]);
            if (Files.isDirectory(images) && Files.isDirectory(labels)) return subfolders(path, images, labels, names);
        }
        for (String[] prefix : new String[][] {{"image_", "label_"}, {"sample_", "mask_"}}) {
            PairedFiles flat = flat(path, prefix[0], prefix[1], names);
            if (flat.size() > 0) return flat;
        }
        throw new IllegalArgumentException(path + ": no labeled images found; expected a dataset dgan generate wrote (metadata.jsonl), "
                + "image/ + label/ subfolders with matching names, image_X.png + label_X.png or sample_X.png + mask_X.png pairs, or a COCO .json file");
    }

    private static boolean hasMetadata(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(LabeledSources::isMetadata);
        }
    }

    private static boolean isMetadata(Path p) {
        String n = p.getFileName().toString();
        return n.startsWith("metadata") && n.endsWith(".jsonl");
    }

    /** Every sample of every shard's metadata, in index order; set-aside samples only when {@code ALL}. */
    private static PairedFiles generated(Path dir, Selection selection, List<String> names) throws IOException {
        Map<Integer, PairedFiles.Pair> byIndex = new TreeMap<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(LabeledSources::isMetadata).sorted().toList();
        }
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) continue;
                JsonNode line = JSON.readTree(lines.get(n));
                if (!line.hasNonNull("image") || !line.hasNonNull("label"))
                    throw new IllegalArgumentException(log + " line " + (n + 1) + ": expected fields \"image\" and \"label\" (a segmentation dataset)");
                // a finished run's lines say whether the sample was kept and point where its files are (filtered/... if not);
                // a run still in progress has neither, and its set-aside samples are the ones found under filtered/
                String image = SampleFiles.unfiltered(line.get("image").asText()), label = SampleFiles.unfiltered(line.get("label").asText());
                int index = line.path("index").asInt(n);
                boolean kept = line.has("kept") ? line.get("kept").asBoolean() : Files.exists(dir.resolve(image));
                Path base = kept ? dir : dir.resolve(SampleFiles.FILTERED);
                if ((kept || selection == Selection.ALL) && Files.exists(base.resolve(image)))
                    byIndex.put(index, new PairedFiles.Pair(image, base.resolve(image), base.resolve(label)));
            }
        }
        return new PairedFiles(dir + " (generated dataset, " + (selection == Selection.ALL ? "all" : "kept") + " samples)",
                new ArrayList<>(byIndex.values()), names);
    }

    private static PairedFiles subfolders(Path dir, Path images, Path labels, List<String> names) throws IOException {
        List<PairedFiles.Pair> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(images)) {
            for (Path image : files.filter(LabeledSources::isImage).sorted().toList()) {
                String stem = stem(image);
                Path label = labels.resolve(stem + ".png");
                if (Files.exists(label)) pairs.add(new PairedFiles.Pair(image.getFileName().toString(), image, label));
            }
        }
        return new PairedFiles(dir + " (" + images.getFileName() + "/ + " + labels.getFileName() + "/)", pairs, names);
    }

    private static PairedFiles flat(Path dir, String imagePrefix, String labelPrefix, List<String> names) throws IOException {
        List<PairedFiles.Pair> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path image : files.filter(p -> p.getFileName().toString().startsWith(imagePrefix) && isImage(p)).sorted().toList()) {
                String key = stem(image).substring(imagePrefix.length());
                Path label = dir.resolve(labelPrefix + key + ".png");
                if (Files.exists(label)) pairs.add(new PairedFiles.Pair(image.getFileName().toString(), image, label));
            }
        }
        return new PairedFiles(dir + " (" + imagePrefix + "X + " + labelPrefix + "X pairs)", pairs, names);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    /**
     * Class names from the categories of the COCO file {@code dgan generate} wrote beside the
     * dataset; id 0, which it leaves out, is the background. Empty when there is no such file.
     */
    private static List<String> cocoCategories(Path coco) throws IOException {
        if (!Files.isRegularFile(coco)) return List.of();
        JsonNode categories = JSON.readTree(coco.toFile()).path("categories");
        Map<Integer, String> byId = new TreeMap<>();
        for (JsonNode c : categories) byId.put(c.path("id").asInt(), c.path("name").asText());
        if (byId.isEmpty() || byId.keySet().stream().anyMatch(id -> id < 0 || id >= 255)) return List.of();
        List<String> names = new ArrayList<>();
        for (int id = 0; id <= ((TreeMap<Integer, String>) byId).lastKey(); id++)
            names.add(byId.getOrDefault(id, id == 0 ? "background" : "class " + id));
        return names;
    }

    private static List<String> classNames(Path dir) {
        return Files.isRegularFile(dir.resolve(LabelNames.CLASSES)) ? LabelNames.classes(dir, Optional.empty()) : List.of();
    }
}
