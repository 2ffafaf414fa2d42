package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.api.annotate.LabelNames;
import dev.dgan.api.task.AnnotationReader;
import dev.dgan.runtime.files.FileErrors;

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
 * {@code labels} are the names the annotations use (class names, id = position, background
 * first; keypoint names; whatever the task's reader declares); {@code backbone} is null when
 * the directory does not record it (the demo bundle); {@code samples} holds only the annotated
 * samples, by index. Which files are annotations and how they read is the task's
 * {@link AnnotationReader}.
 */
public record AnnotationSet(Path dir, String kind, List<String> labels, Path latents, String latentKind,
                            double truncation, SourceBackbone backbone, List<AnnotatedSample> samples) {

    public AnnotationSet {
        labels = List.copyOf(labels);
        samples = List.copyOf(samples);
    }

    /**
     * Reads {@code dir}: the sample listing, the label names and every annotation file, each
     * checked against its sample image.
     *
     * @throws AnnotationException naming the file and field at fault
     */
    public static AnnotationSet read(Path dir, AnnotationReader reader) {
        SampleListing listing = SampleListing.read(dir);
        Optional<CocoAnnotations> coco = reader.readsLabelMaps() ? CocoAnnotations.find(dir) : Optional.empty();
        List<String> labels = coco.isEmpty() ? reader.labels(dir, listing.classes())
                : LabelNames.classesIfPresent(dir, listing.classes()).orElseGet(() -> coco.get().classNames());

        Map<Path, ListedSample> claimed = new HashMap<>();
        Set<String> cocoNames = new HashSet<>();
        List<AnnotatedSample> annotated = new ArrayList<>();
        for (ListedSample sample : listing.samples()) {
            AnnotationReader.AnnotatedFile target = new AnnotationReader.AnnotatedFile(sample.index(), dir, sample.image(), sample.mask());
            List<Path> candidates = reader.candidates(target);
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
                        + sample.index() + ", expected one (" + reader.expected() + ")");
            }
            Path file = present.getFirst();
            requireImage(file, sample);
            annotated.add(new AnnotatedSample(sample.index(), sample.seed(), sample.classId(), sample.latentRow(), sample.image(),
                    reader.read(file, target, ImageSize.of(sample.image()), labels)));
        }
        rejectUnclaimed(dir, reader.fileNames(), claimed, listing.file());
        for (JsonAt image : coco.map(c -> c.unclaimed(cocoNames)).orElse(List.of())) {
            throw new AnnotationException(coco.get().file() + ": field " + image.path() + ".file_name: names "
                    + image.get("file_name").text() + ", expected the image of a sample that " + listing.file().getFileName()
                    + " lists (missing sample?)");
        }
        if (annotated.isEmpty()) {
            throw new AnnotationException(dir + ": no annotated samples, expected at least one " + reader.expected()
                    + (reader.readsLabelMaps() ? " or COCO file entry" : "")
                    + " for a sample that " + listing.file().getFileName() + " lists");
        }
        annotated.sort(Comparator.comparingInt(AnnotatedSample::index));
        return new AnnotationSet(dir, reader.kind(), labels, listing.latents(), listing.latentKind(), listing.truncation(),
                listing.backbone(), annotated);
    }

    private static void requireImage(Path annotation, ListedSample sample) {
        if (!Files.exists(sample.image())) {
            throw new AnnotationException(annotation + ": annotates sample " + sample.index() + ", expected its image "
                    + sample.image() + " but the image is missing");
        }
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
            throw new AnnotationException(dir + ": cannot list the directory: " + FileErrors.reason(e), e);
        }
    }
}
