package dev.dgan.host.annotate;

import dev.dgan.api.annotate.ShapeRaster;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dgan.host.dataset.CocoRle;

/**
 * The pixels of one COCO {@code segmentation}: polygons ({@code [[x0, y0, x1, y1, ...], ...]},
 * filled by pixel centre as {@link ShapeRaster} does) or run-length encoding
 * ({@code {"size": [h, w], "counts": ...}}, counts compressed as a string or uncompressed as
 * numbers, the form crowd regions and CVAT's masks take). Shared by the evaluate command's COCO
 * reader and the annotation import, so both read a file the same way.
 */
public final class CocoSegmentation {

    /** A segmentation that does not decode; {@code field} is relative to the segmentation ("" for itself). */
    public static final class Malformed extends IllegalArgumentException {
        private final String field;
        private final String expected;
        private final String got;

        Malformed(String field, String expected, String got) {
            super("segmentation" + field + ": expected " + expected + ", got " + got);
            this.field = field;
            this.expected = expected;
            this.got = got;
        }

        /** The message with the segmentation's own location in front, e.g. "file: field annotations[3].segmentation". */
        public String at(String where) {
            return where + field + ": expected " + expected + ", got " + got;
        }
    }

    private CocoSegmentation() {
    }

    /** Row-major mask of a {@code width x height} image. */
    public static boolean[] decode(JsonNode segmentation, int width, int height) {
        if (segmentation == null || segmentation.isMissingNode() || segmentation.isNull()) {
            throw new Malformed("", "polygons or an RLE object", "nothing (the field is missing)");
        }
        if (segmentation.isArray()) return polygons(segmentation, width, height);
        if (segmentation.isObject()) return rle(segmentation, width, height);
        throw new Malformed("", "polygons [[x, y, ...], ...] or an RLE object {size, counts}", brief(segmentation));
    }

    private static boolean[] polygons(JsonNode polygons, int width, int height) {
        ShapeRaster raster = new ShapeRaster(width, height);
        for (int p = 0; p < polygons.size(); p++) {
            JsonNode polygon = polygons.get(p);
            if (!polygon.isArray() || polygon.size() < 6 || polygon.size() % 2 != 0) {
                throw new Malformed("[" + p + "]", "a polygon [x0, y0, x1, y1, ...] of at least 3 points", brief(polygon));
            }
            int n = polygon.size() / 2;
            double[] xs = new double[n], ys = new double[n];
            for (int k = 0; k < polygon.size(); k++) {
                JsonNode v = polygon.get(k);
                if (!v.isNumber()) throw new Malformed("[" + p + "][" + k + "]", "a number", brief(v));
                if (k % 2 == 0) xs[k / 2] = v.doubleValue();
                else ys[k / 2] = v.doubleValue();
            }
            raster.polygon(xs, ys, (byte) 1);
        }
        byte[] drawn = raster.labels();
        boolean[] mask = new boolean[drawn.length];
        for (int i = 0; i < mask.length; i++) mask[i] = drawn[i] != 0;
        return mask;
    }

    private static boolean[] rle(JsonNode rle, int width, int height) {
        JsonNode size = rle.path("size");
        if (!size.isArray() || size.size() != 2 || size.get(0).asInt(-1) != height || size.get(1).asInt(-1) != width) {
            throw new Malformed(".size", "[" + height + ", " + width + "] (the image's height and width)", brief(size));
        }
        JsonNode counts = rle.path("counts");
        String compressed;
        if (counts.isArray()) {
            int[] runs = new int[counts.size()];
            for (int i = 0; i < runs.length; i++) {
                JsonNode c = counts.get(i);
                if (!c.isIntegralNumber() || c.asLong() < 0 || c.asLong() > Integer.MAX_VALUE) {
                    throw new Malformed(".counts[" + i + "]", "a non-negative run length", brief(c));
                }
                runs[i] = c.asInt();
            }
            compressed = CocoRle.rleToString(runs);
        } else if (counts.isTextual()) {
            compressed = counts.asText();
        } else {
            throw new Malformed(".counts", "a compressed RLE string or a list of run lengths", brief(counts));
        }
        try {
            return CocoRle.decode(new CocoRle.Rle(height, width, compressed));
        } catch (IllegalArgumentException e) {
            throw new Malformed(".counts", "runs covering the " + height + "x" + width + " image", e.getMessage());
        }
    }

    private static String brief(JsonNode node) {
        if (node == null || node.isMissingNode()) return "nothing (the field is missing)";
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
