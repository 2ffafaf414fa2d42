package dev.dgan.host.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A COCO document for a foreground/background model run over generator classes
 * (BigDatasetGAN): each image's foreground pixels form one annotation whose category is the
 * class the image was drawn for. Category id = class id + 1 (COCO keeps 0 for nothing),
 * one category per class of the run.
 */
public final class CocoClassWriter {

    /** A generator class as a COCO category. */
    public record Category(int classId, String name) {}

    private static final int FOREGROUND = 1;

    private final CocoJson coco;
    private final Set<Integer> known = new HashSet<>();

    public CocoClassWriter(List<Category> categories, String description) {
        if (categories.isEmpty()) throw new IllegalArgumentException("a class-per-image COCO document needs at least one class");
        this.coco = new CocoJson(description);
        for (Category c : categories) {
            if (!known.add(c.classId())) throw new IllegalArgumentException("class " + c.classId() + " is listed twice as a category");
            coco.categories().addObject().put("id", c.classId() + 1).put("name", c.name()).put("supercategory", CocoJson.SUPERCATEGORY);
        }
    }

    /** Whether a model's labels are just background then foreground, so that the sample's class can name the object. */
    public static boolean appliesTo(List<String> labels) {
        return labels.size() == 2
                && labels.get(0).toLowerCase(Locale.ROOT).equals("background")
                && labels.get(1).toLowerCase(Locale.ROOT).equals("foreground");
    }

    /** Adds image {@code imageId} drawn for {@code classId}, with one annotation for its foreground if it has any. */
    public ObjectNode add(int imageId, String fileName, LabelMap labels, int classId) {
        if (!known.contains(classId)) throw new IllegalArgumentException("image " + imageId + " has class " + classId + ", which is no category");
        long area = 0;
        for (byte b : labels.labels()) {
            int v = b & 0xFF;
            if (v == FOREGROUND) area++;
            else if (v != 0 && v != LabelMap.VOID)
                throw new IllegalArgumentException("labels of image " + imageId + " hold class id " + v + ", expected 0 (background) or 1 (foreground)");
        }
        ObjectNode image = coco.addImage(imageId, fileName, labels.width(), labels.height());
        if (area == 0) return image;
        coco.addMask(imageId, classId + 1, labels, FOREGROUND, area);
        return image;
    }

    /** The document so far (live: later {@link #add} calls change it). */
    public ObjectNode document() {
        return coco.document();
    }

    public void write(Path file) throws IOException {
        coco.write(file);
    }
}
