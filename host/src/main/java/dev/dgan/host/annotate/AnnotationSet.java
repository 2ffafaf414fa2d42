package dev.dgan.host.annotate;

import dev.dgan.api.task.Annotation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The annotations made on a directory of samples, paired with what the samples came from.
 * {@code labels} are the class names (segmentation, id = position, background first) or the
 * keypoint names (keypoints); {@code backbone} is null when the directory does not record it
 * (the demo bundle); {@code samples} holds only the annotated samples, by index.
 */
public record AnnotationSet(Path dir, String task, List<String> labels, Path latents, String latentKind,
                            double truncation, SourceBackbone backbone, List<AnnotatedSample> samples) {

    public static final String SEGMENTATION = "segmentation";
    public static final String KEYPOINTS = "keypoints";

    /** File names that look like annotations; one that no listed sample claims is an error, not silently unused. */
    private static final Pattern SEGMENTATION_FILE = Pattern.compile("mask_\\d+\\.png|sample_\\d+\\.json");
    private static final Pattern KEYPOINTS_FILE = Pattern.compile("keypoints_\\d+\\.json|sample_\\d+\\.json");

    /** The annotation files {@code task} learns from: keypoint files for keypoints, segmentation masks for every other task. */
    public static String kindFor(String task) {
        return task.equals(KEYPOINTS) ? KEYPOINTS : SEGMENTATION;
    }

    public AnnotationSet {
        labels = List.copyOf(labels);
        samples = List.copyOf(samples);
    }

    /**
     * Reads {@code dir}: the sample listing, the label names and every annotation file, each
     * checked against its sample image.
     *
     * @param task {@value #SEGMENTATION} or {@value #KEYPOINTS}
     * @throws AnnotationException naming the file and field at fault
     */
    public static AnnotationSet read(Path dir, String task) {
        if (!task.equals(SEGMENTATION) && !task.equals(KEYPOINTS)) {
            throw new IllegalArgumentException("unknown task " + task + ": expected " + SEGMENTATION + " or " + KEYPOINTS);
        }
        SampleListing listing = SampleListing.read(dir);
        boolean segmentation = task.equals(SEGMENTATION);
        Optional<CocoAnnotations> coco = segmentation ? CocoAnnotations.find(dir) : Optional.empty();
        List<String> labels = !segmentation ? LabelNames.keypoints(dir)
                : coco.isEmpty() ? LabelNames.classes(dir, listing.classes())
                : LabelNames.classesIfPresent(dir, listing.classes()).orElseGet(() -> coco.get().classNames());

        Map<Path, ListedSample> claimed = new HashMap<>();
        Set<String> cocoNames = new HashSet<>();
        List<AnnotatedSample> annotated = new ArrayList<>();
        for (ListedSample sample : listing.samples()) {
            List<Path> candidates = segmentation ? segmentationFiles(sample, dir)
                    : List.of(dir.resolve("keypoints_" + sample.id() + ".json"), dir.resolve(sample.imageStem() + ".json"));
            for (Path candidate : candidates) {
                ListedSample other = claimed.putIfAbsent(candidate.toAbsolutePath().normalize(), sample);
                if (other != null) {
                    throw new AnnotationException(candidate + ": claimed by samples " + other.index() + " and " + sample.index()
                            + ", expected each annotation file to belong to one sample");
                }
            }
            List<Path> present = candidates.stream().filter(Files::exists).toList();
            String imageName = sample.image().getFileName().toString();
            Optional<JsonAt> inCoco = coco.flatMap(c -> c.image(imageName));
            if (inCoco.isPresent()) {
                if (!present.isEmpty()) {
                    throw new AnnotationException(present.getFirst() + " and " + coco.get().file() + ": two annotations of sample "
                            + sample.index() + ", expected one (a per-sample file or the COCO file)");
                }
                cocoNames.add(imageName);
                requireImage(coco.get().file(), sample);
                annotated.add(new AnnotatedSample(sample.index(), sample.seed(), sample.classId(), sample.latentRow(), sample.image(),
                        coco.get().labels(inCoco.get(), ImageSize.of(sample.image()), labels)));
                continue;
            }
            if (sample.mask() != null && present.isEmpty()) {
                throw new AnnotationException(sample.mask() + ": missing, expected the mask of sample " + sample.index()
                        + " that " + listing.file().getFileName() + " names");
            }
            if (present.isEmpty()) continue;
            if (present.size() > 1) {
                throw new AnnotationException(present.get(0) + " and " + present.get(1) + ": two annotations of sample "
                        + sample.index() + ", expected one (a mask or a LabelMe file)");
            }
            Path file = present.getFirst();
            requireImage(file, sample);
            annotated.add(new AnnotatedSample(sample.index(), sample.seed(), sample.classId(), sample.latentRow(), sample.image(),
                    readAnnotation(file, sample, labels, segmentation)));
        }
        rejectUnclaimed(dir, segmentation ? SEGMENTATION_FILE : KEYPOINTS_FILE, claimed, listing.file());
        for (JsonAt image : coco.map(c -> c.unclaimed(cocoNames)).orElse(List.of())) {
            throw new AnnotationException(coco.get().file() + ": field " + image.path() + ".file_name: names "
                    + image.get("file_name").text() + ", expected the image of a sample that " + listing.file().getFileName()
                    + " lists (missing sample?)");
        }
        if (annotated.isEmpty()) {
            throw new AnnotationException(dir + ": no annotated samples, expected at least one "
                    + (segmentation ? "mask_NNNN.png, LabelMe sample_NNNN.json or COCO file entry" : "keypoints_NNNN.json or LabelMe sample_NNNN.json")
                    + " for a sample that " + listing.file().getFileName() + " lists");
        }
        annotated.sort(Comparator.comparingInt(AnnotatedSample::index));
        return new AnnotationSet(dir, task, labels, listing.latents(), listing.latentKind(), listing.truncation(),
                listing.backbone(), annotated);
    }

    private static List<Path> segmentationFiles(ListedSample sample, Path dir) {
        if (sample.mask() != null) return List.of(sample.mask());
        return List.of(dir.resolve("mask_" + sample.id() + ".png"), dir.resolve(sample.imageStem() + ".json"));
    }

    private static void requireImage(Path annotation, ListedSample sample) {
        if (!Files.exists(sample.image())) {
            throw new AnnotationException(annotation + ": annotates sample " + sample.index() + ", expected its image "
                    + sample.image() + " but the image is missing");
        }
    }

    private static Annotation readAnnotation(Path file, ListedSample sample, List<String> labels, boolean segmentation) {
        ImageSize size = ImageSize.of(sample.image());
        if (!segmentation && file.getFileName().toString().startsWith("keypoints_")) return KeypointsJson.read(file, size, labels);
        if (!segmentation) return LabelMeKeypoints.read(file, sample.image().getFileName().toString(), size, labels);
        if (file.getFileName().toString().endsWith(".json")) {
            return LabelMeJson.read(file, sample.image().getFileName().toString(), size, labels);
        }
        return MaskPng.read(file, size, labels.size());
    }

    private static void rejectUnclaimed(Path dir, Pattern annotationName, Map<Path, ListedSample> claimed, Path listing) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                if (annotationName.matcher(file.getFileName().toString()).matches()
                        && !claimed.containsKey(file.toAbsolutePath().normalize())) {
                    throw new AnnotationException(file + ": annotates no sample that " + listing.getFileName()
                            + " lists, expected a file named after a listed sample's image (missing sample?)");
                }
            }
        } catch (IOException e) {
            throw new AnnotationException(dir + ": cannot list the directory: " + e.getMessage(), e);
        }
    }
}
