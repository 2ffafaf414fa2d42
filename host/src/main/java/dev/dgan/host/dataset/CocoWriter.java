package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A COCO document for semantic segmentation: category id = class id, one annotation per class
 * present in an image, its pixels as a compressed RLE ({@code iscrowd} 0). Void pixels belong
 * to no annotation. The background class is left out unless asked for, as COCO-stuff does.
 */
public final class CocoWriter {

    private final List<String> classes;
    private final boolean includeBackground;
    private final CocoJson coco;

    public CocoWriter(List<String> classes, String description) {
        this(classes, description, false);
    }

    public CocoWriter(List<String> classes, String description, boolean includeBackground) {
        if (classes.isEmpty() || classes.size() > LabelMap.VOID) {
            throw new IllegalArgumentException("a COCO document needs 1 to " + LabelMap.VOID + " classes, got " + classes.size());
        }
        this.classes = List.copyOf(classes);
        this.includeBackground = includeBackground;
        this.coco = new CocoJson(description);
        for (int id = includeBackground ? 0 : 1; id < classes.size(); id++) {
            coco.categories().addObject().put("id", id).put("name", classes.get(id)).put("supercategory", CocoJson.SUPERCATEGORY);
        }
    }

    /** Adds image {@code imageId} and one annotation per class its labels contain; returns the image entry, for extra fields. */
    public ObjectNode add(int imageId, String fileName, LabelMap labels) {
        long[] pixels = new long[256];
        for (byte b : labels.labels()) pixels[b & 0xFF]++;
        for (int id = classes.size(); id < pixels.length; id++) {
            if (id != LabelMap.VOID && pixels[id] > 0) {
                throw new IllegalArgumentException("labels of image " + imageId + " hold class id " + id + ", but there are only "
                        + classes.size() + " classes");
            }
        }
        ObjectNode image = coco.addImage(imageId, fileName, labels.width(), labels.height());
        for (int id = includeBackground ? 0 : 1; id < classes.size(); id++) {
            if (pixels[id] == 0) continue;
            coco.addMask(imageId, id, labels, id, pixels[id]);
        }
        return image;
    }

    /** The document so far (live: later {@link #add} calls change it). */
    public ObjectNode document() {
        return coco.document();
    }

    /** Writes the document atomically. */
    public void write(Path file) throws IOException {
        coco.write(file);
    }
}
