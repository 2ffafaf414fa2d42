package dev.dgan.tasks.segmentation;

import dev.dgan.api.annotate.ShapeRaster;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.api.task.LabelMap;

import java.nio.file.Path;
import java.util.List;

/**
 * A LabelMe annotation file ({@code imageWidth}, {@code imageHeight}, {@code imagePath} and
 * {@code shapes}), rasterized into a class map. Shapes are drawn in file order, so a later
 * shape covers an earlier one, as in LabelMe's own export; pixels no shape covers are class 0.
 * The label {@value #IGNORE} marks void pixels, as LabelMe's {@code labelme2voc} reads it.
 */
public final class LabelMeJson {

    /** LabelMe's conventional label for regions that carry no label. */
    public static final String IGNORE = "__ignore__";

    private LabelMeJson() {
    }

    /**
     * Reads {@code file}, which annotates the image {@code imageName} of size {@code expected};
     * {@code classes} maps label names to class ids by position.
     */
    public static LabelMap read(Path file, String imageName, ImageSize expected, List<String> classes) {
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
        ShapeRaster raster = new ShapeRaster(size.width(), size.height());
        for (JsonAt shape : root.get("shapes").elements()) draw(raster, shape.object(), classes);
        return new LabelMap(size.width(), size.height(), raster.labels());
    }

    private static void draw(ShapeRaster raster, JsonAt shape, List<String> classes) {
        byte value = classId(shape.get("label"), classes);
        JsonAt typeField = shape.get("shape_type");
        // LabelMe writes no shape_type for polygons in its oldest files
        String type = typeField.present() ? typeField.text() : "polygon";
        List<JsonAt> points = shape.get("points").elements();
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            List<JsonAt> xy = points.get(i).elements();
            if (xy.size() != 2) throw points.get(i).expected("a point [x, y]");
            xs[i] = xy.get(0).number();
            ys[i] = xy.get(1).number();
        }
        switch (type) {
            case "polygon" -> {
                if (xs.length < 3) throw shape.get("points").expected("at least 3 points for a polygon");
                raster.polygon(xs, ys, value);
            }
            case "rectangle" -> {
                if (xs.length != 2) throw shape.get("points").expected("2 opposite corners for a rectangle");
                raster.rectangle(xs[0], ys[0], xs[1], ys[1], value);
            }
            case "circle" -> {
                if (xs.length != 2) throw shape.get("points").expected("2 points for a circle (centre, a point on the circle)");
                raster.circle(xs[0], ys[0], Math.hypot(xs[1] - xs[0], ys[1] - ys[0]), value);
            }
            default -> throw typeField.expected("polygon, rectangle or circle (shapes with an area)");
        }
    }

    private static byte classId(JsonAt label, List<String> classes) {
        String name = label.text();
        if (name.equals(IGNORE)) return (byte) LabelMap.VOID;
        int id = classes.indexOf(name);
        if (id < 0) throw label.expected("a class name from the class list " + classes + " or " + IGNORE);
        return (byte) id;
    }

    /** LabelMe stores a path relative to the JSON file, with the separators of the annotator's system. */
    private static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }
}
