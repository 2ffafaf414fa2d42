package dev.dgan.tasks.segmentation;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.api.annotate.LabelMeShape;
import dev.dgan.api.annotate.LabelNames;
import dev.dgan.api.annotate.PillowDraw;
import dev.dgan.api.task.LabelMap;

import java.nio.file.Path;
import java.util.List;

/**
 * A LabelMe annotation file ({@code imageWidth}, {@code imageHeight}, {@code imagePath} and
 * {@code shapes}), rasterized into a class map with the pixels LabelMe's own export gives
 * (see {@link LabelMeShape} for each shape type). Shapes are drawn in file order, so a later
 * shape covers an earlier one; pixels no shape covers are class 0. The label {@value #IGNORE}
 * marks void pixels and {@value #BACKGROUND} class 0, as LabelMe's {@code labelme2voc} reads them.
 */
public final class LabelMeJson {

    /** LabelMe's conventional label for regions that carry no label. */
    public static final String IGNORE = LabelNames.LABELME_IGNORE;
    /** LabelMe's conventional label for the background, class 0. */
    public static final String BACKGROUND = LabelNames.LABELME_BACKGROUND;

    private LabelMeJson() {
    }

    /**
     * Reads {@code file}, which annotates the image {@code imageName} of size {@code expected};
     * {@code classes} maps label names to class ids by position.
     */
    public static LabelMap read(Path file, String imageName, ImageSize expected, List<String> classes) {
        JsonAt root = open(file, imageName, expected);
        byte[] labels = new byte[expected.width() * expected.height()];
        PillowDraw canvas = new PillowDraw(expected.width(), expected.height(), labels);
        for (JsonAt shape : root.get("shapes").elements()) {
            shape.object();
            LabelMeShape.draw(canvas, shape, classId(shape.get("label"), classes));
        }
        return new LabelMap(expected.width(), expected.height(), labels);
    }

    /** The file's root object, checked to annotate the image {@code imageName} of size {@code expected}. */
    public static JsonAt open(Path file, String imageName, ImageSize expected) {
        JsonAt root = JsonAt.read(file).object();
        ImageSize size = new ImageSize(root.get("imageWidth").nonNegativeInt(), root.get("imageHeight").nonNegativeInt());
        if (!size.equals(expected)) {
            throw new AnnotationException(file + ": fields imageWidth x imageHeight are " + size + ", expected " + expected
                    + " (the size of " + imageName + ")");
        }
        JsonAt imagePath = root.get("imagePath");
        if (imagePath.present()) {
            String named = baseName(imagePath.text());
            if (!named.equals(imageName)) {
                throw new AnnotationException(file + ": field imagePath names " + named + ", expected " + imageName
                        + " (the sample this file annotates)");
            }
        }
        return root;
    }

    private static byte classId(JsonAt label, List<String> classes) {
        String name = label.text();
        int id = classes.indexOf(name);
        if (id >= 0) return (byte) id;
        if (name.equals(IGNORE)) return (byte) LabelMap.VOID;
        if (name.equals(BACKGROUND)) return 0;
        throw label.expected("a class name from the class list " + classes + ", " + BACKGROUND + " or " + IGNORE);
    }

    /** LabelMe stores a path relative to the JSON file, with the separators of the annotator's system. */
    private static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }
}
