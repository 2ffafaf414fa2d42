package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The parts every COCO document shares: info, licenses and the image list. No dates go into
 * info, so a dataset generated twice from the same inputs is written byte for byte the same.
 */
public final class CocoJson {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Generated classes have no hierarchy; tools that group by supercategory still need the field. */
    static final String SUPERCATEGORY = "object";

    /** COCO's image ids start at 1 (0 reads as "no image" in some tools); sample i of a run is image i + 1. */
    public static int imageId(int sampleIndex) {
        return sampleIndex + 1;
    }

    private final ObjectNode document = JSON.createObjectNode();
    private final ArrayNode images;
    private final ArrayNode annotations;
    private final ArrayNode categories;
    private final Set<Integer> imageIds = new HashSet<>();
    private int nextAnnotationId = 1;

    CocoJson(String description) {
        document.putObject("info").put("description", description).put("version", "1.0");
        document.putArray("licenses");
        images = document.putArray("images");
        annotations = document.putArray("annotations");
        categories = document.putArray("categories");
    }

    ArrayNode categories() {
        return categories;
    }

    ObjectNode addImage(int id, String fileName, int width, int height) {
        if (!imageIds.add(id)) throw new IllegalArgumentException("image id " + id + " is already in the COCO document");
        return images.addObject().put("id", id).put("file_name", fileName).put("width", width).put("height", height);
    }

    /** A new annotation with the next id (COCO ids start at 1) for {@code imageId}. */
    ObjectNode addAnnotation(int imageId, int categoryId) {
        return annotations.addObject().put("id", nextAnnotationId++).put("image_id", imageId).put("category_id", categoryId);
    }

    /** An annotation of the pixels of {@code labels} equal to {@code value}: compressed RLE, area and box. */
    ObjectNode addMask(int imageId, int categoryId, LabelMap labels, int value, long area) {
        return addMask(imageId, categoryId, CocoRle.encode(labels, value), area);
    }

    /** An annotation of the pixels {@code rle} covers: area and box. */
    ObjectNode addMask(int imageId, int categoryId, CocoRle.Rle rle, long area) {
        int[] box = CocoRle.bbox(rle);
        ObjectNode annotation = addAnnotation(imageId, categoryId);
        ObjectNode segmentation = annotation.putObject("segmentation");
        segmentation.putArray("size").add(rle.height()).add(rle.width());
        segmentation.put("counts", rle.counts());
        annotation.put("area", area);
        annotation.putArray("bbox").add(box[0]).add(box[1]).add(box[2]).add(box[3]);
        annotation.put("iscrowd", 0);
        return annotation;
    }

    ObjectNode document() {
        return document;
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(document));
    }
}
