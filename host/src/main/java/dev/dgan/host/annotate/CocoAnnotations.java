package dev.dgan.host.annotate;

import dev.dgan.api.annotate.LabelNames;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A COCO file holding the annotations of a sample folder, as CVAT ("COCO 1.0") and Label
 * Studio ("COCO") export them: instance or semantic, polygons or RLE, crowd regions included.
 * <p>
 * Images are matched to samples by file name, folders dropped ({@code images/sample_0003.png}
 * is sample_0003.png); Label Studio's upload prefix ({@code 1a2b3c4d-sample_0003.png}) is
 * dropped too. Only images with at least one annotation count as annotated: both tools list
 * every image of a task, annotated or not. Categories are matched to the class list by name,
 * so their ids may start anywhere and have gaps (Label Studio counts from 0, CVAT from 1).
 * Larger regions are painted first, so a part inside an object (an eye in a face) stays
 * visible where regions overlap; crowd regions are painted with their category.
 */
final class CocoAnnotations {

    /** Label Studio prefixes uploaded files with 8 hex digits and a dash. */
    private static final Pattern UPLOAD_PREFIX = Pattern.compile("[0-9a-f]{8}-(.+)");
    /** Per-sample files and listings, which are never COCO files. */
    private static final Pattern NOT_COCO = Pattern.compile("sample_\\d+\\.json|keypoints_\\d+\\.json|manifest\\.json|index\\.json");

    private final Path file;
    private final Map<Long, JsonAt> categories;
    /** Annotated images by the sample image name they name. */
    private final Map<String, JsonAt> images;
    private final Map<Long, List<JsonAt>> annotations;

    private CocoAnnotations(Path file, JsonAt root) {
        this.file = file;
        categories = new TreeMap<>();
        for (JsonAt category : root.get("categories").elements()) {
            JsonAt id = category.object().get("id");
            category.get("name").text();
            if (categories.put(id.integer(), category) != null) throw id.expected("each category id once");
        }
        annotations = new HashMap<>();
        for (JsonAt annotation : root.get("annotations").elements()) {
            JsonAt category = annotation.object().get("category_id");
            if (!categories.containsKey(category.integer())) throw category.expected("a category id from categories " + categories.keySet());
            annotations.computeIfAbsent(annotation.get("image_id").integer(), k -> new ArrayList<>()).add(annotation);
        }
        images = new LinkedHashMap<>();
        for (JsonAt image : root.get("images").elements()) {
            if (!annotations.containsKey(image.object().get("id").integer())) continue;
            JsonAt name = image.get("file_name");
            JsonAt other = images.put(sampleName(name.text()), image);
            if (other != null) {
                throw name.expected("each image once, but " + other.path() + ".file_name names the same image "
                        + sampleName(name.text()));
            }
        }
    }

    /** The COCO file in {@code dir} or its annotations/ folder (CVAT's export layout), if there is one. */
    static Optional<CocoAnnotations> find(Path dir) {
        List<CocoAnnotations> found = new ArrayList<>();
        for (Path folder : List.of(dir, dir.resolve("annotations"))) {
            if (!Files.isDirectory(folder)) continue;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path candidate : files.sorted().toList()) {
                    String name = candidate.getFileName().toString();
                    if (!name.endsWith(".json") || NOT_COCO.matcher(name).matches()) continue;
                    JsonAt root = JsonAt.read(candidate);
                    if (root.node().isObject() && root.node().has("images") && root.node().has("annotations")) {
                        found.add(new CocoAnnotations(candidate, root));
                    }
                }
            } catch (IOException e) {
                throw new AnnotationException(folder + ": cannot list the directory: " + FileErrors.reason(e), e);
            }
        }
        if (found.size() > 1) {
            throw new AnnotationException(found.get(0).file + " and " + found.get(1).file + ": two COCO files, expected one");
        }
        return found.stream().findFirst();
    }

    Path file() {
        return file;
    }

    /** The class list the categories give when the folder has none: background, then the categories by id. */
    List<String> classNames() {
        List<String> names = new ArrayList<>(List.of("background"));
        for (JsonAt category : categories.values()) {
            String name = category.get("name").text();
            if (name.equals("background") || name.equals(LabelNames.LABELME_BACKGROUND)) names.set(0, name);
            else names.add(name);
        }
        if (names.size() > LabelMap.VOID) {
            throw new AnnotationException(file + ": field categories: expected at most " + (LabelMap.VOID - 1)
                    + " categories (class id " + LabelMap.VOID + " is void), got " + (names.size() - 1));
        }
        return names;
    }

    /** The annotated image entry for the sample image {@code imageName}, if the file has one. */
    Optional<JsonAt> image(String imageName) {
        return Optional.ofNullable(images.get(imageName));
    }

    /** Image entries whose name no sample claimed. */
    List<JsonAt> unclaimed(java.util.Set<String> sampleNames) {
        return images.entrySet().stream().filter(e -> !sampleNames.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /** The class map of {@code image}, checked against the size of the sample it annotates. */
    LabelMap labels(JsonAt image, ImageSize expected, List<String> classes) {
        ImageSize size = new ImageSize(image.get("width").nonNegativeInt(), image.get("height").nonNegativeInt());
        if (!size.equals(expected)) {
            throw new AnnotationException(file + ": fields " + image.path() + ".width x height are " + size + ", expected "
                    + expected + " (the size of " + image.get("file_name").text() + ")");
        }
        record Region(boolean[] mask, long area, byte value) {
        }
        List<Region> regions = new ArrayList<>();
        for (JsonAt annotation : annotations.get(image.get("id").integer())) {
            JsonAt segmentation = annotation.get("segmentation");
            boolean[] mask;
            try {
                mask = CocoSegmentation.decode(segmentation.node(), size.width(), size.height());
            } catch (CocoSegmentation.Malformed e) {
                throw new AnnotationException(e.at(file + ": field " + segmentation.path()), e);
            }
            long area = 0;
            for (boolean set : mask) if (set) area++;
            regions.add(new Region(mask, area, classId(annotation.get("category_id"), classes)));
        }
        regions.sort(Comparator.comparingLong(Region::area).reversed());
        byte[] labels = new byte[size.width() * size.height()];
        for (Region region : regions) {
            for (int i = 0; i < labels.length; i++) if (region.mask()[i]) labels[i] = region.value();
        }
        return new LabelMap(size.width(), size.height(), labels);
    }

    private byte classId(JsonAt categoryId, List<String> classes) {
        JsonAt name = categories.get(categoryId.integer()).get("name");
        int id = classes.indexOf(name.text());
        if (id >= 0) return (byte) id;
        if (name.text().equals(LabelNames.LABELME_IGNORE)) return (byte) LabelMap.VOID;
        if (name.text().equals(LabelNames.LABELME_BACKGROUND)) return 0;
        throw name.expected("a category name from the class list " + classes + " (categories are matched to classes by name)");
    }

    /** The sample image name a COCO file_name refers to: folders and Label Studio's upload prefix dropped. */
    static String sampleName(String fileName) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        var upload = UPLOAD_PREFIX.matcher(base);
        return upload.matches() ? upload.group(1) : base;
    }
}
