package dev.dgan.api.annotate;

import java.util.List;

/**
 * One LabelMe shape drawn into a label buffer the way LabelMe's {@code shapes_to_label} draws
 * it with Pillow: the shape's type decides the pixels, the caller the value painted there.
 * <ul>
 * <li>{@code polygon} (also a shape without {@code shape_type}, as the oldest files have) and
 * {@code oriented_rectangle}: the filled polygon through the points;</li>
 * <li>{@code rectangle}: two opposite corners in any order, edges included;</li>
 * <li>{@code circle}: centre and a point on the circle;</li>
 * <li>{@code line}, {@code linestrip}: {@value #LINE_WIDTH} pixels wide; a linestrip's inner
 * vertices are rounded with a whole disc where LabelMe (Pillow's {@code joint="curve"}) draws
 * only its outer sector and a few gap-filling strokes: the rest of the disc mostly lies under
 * the two segments, so at a sharp turn the two masks can differ by a few pixels;</li>
 * <li>{@code point}: a disc of radius {@value #POINT_RADIUS};</li>
 * <li>{@code mask}: a base64 PNG (non-zero = inside) placed with its top-left pixel at the
 * first point, over the box the two points span.</li>
 * </ul>
 */
public final class LabelMeShape {

    /** LabelMe's {@code shape_to_mask} defaults. */
    public static final int LINE_WIDTH = 10;
    public static final int POINT_RADIUS = 5;

    /**
     * How far from the origin a point may lie. LabelMe's points lie on or near the image; far
     * beyond, the integer pixel arithmetic Pillow's rules are written in would overflow.
     */
    public static final int MAX_COORDINATE = 1 << 16;

    /**
     * The largest circle: Pillow's ellipse walk visits every point of its outline (a radius of 5e8
     * took 45 s to draw), and its 64-bit arithmetic is exact only up to about this radius.
     */
    public static final int MAX_RADIUS = 1 << 14;

    private static final String TYPES = "polygon, rectangle, circle, line, linestrip, point, mask or oriented_rectangle";

    private LabelMeShape() {
    }

    /** The shape's type; LabelMe writes none for polygons in its oldest files. */
    public static String type(JsonAt shape) {
        JsonAt field = shape.get("shape_type");
        return field.present() ? field.text() : "polygon";
    }

    /** The shape's points as {x0, y0, x1, y1, ...}, each a finite number within {@link #MAX_COORDINATE} of 0. */
    public static double[] points(JsonAt shape) {
        List<JsonAt> points = shape.get("points").elements();
        double[] xy = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            List<JsonAt> pair = points.get(i).elements();
            if (pair.size() != 2) throw points.get(i).expected("a point [x, y]");
            xy[2 * i] = coordinate(pair.get(0));
            xy[2 * i + 1] = coordinate(pair.get(1));
        }
        return xy;
    }

    private static double coordinate(JsonAt field) {
        double v = field.number();
        if (Math.abs(v) > MAX_COORDINATE) {
            throw field.expected("a coordinate within -" + MAX_COORDINATE + ".." + MAX_COORDINATE + " (on or near the image)");
        }
        return v;
    }

    public static void draw(PillowDraw canvas, JsonAt shape, byte value) {
        String type = type(shape);
        double[] p = points(shape);
        int n = p.length / 2;
        // Pillow truncates coordinates towards zero before drawing
        switch (type) {
            case "polygon" -> {
                requirePoints(shape, n >= 3, "at least 3 points for a polygon");
                canvas.polygon(truncated(p), value);
            }
            case "oriented_rectangle" -> {
                requirePoints(shape, n == 4, "4 corners for an oriented_rectangle");
                canvas.polygon(truncated(p), value);
            }
            case "rectangle" -> {
                requirePoints(shape, n == 2, "2 opposite corners for a rectangle");
                canvas.rectangle((int) Math.min(p[0], p[2]), (int) Math.min(p[1], p[3]),
                        (int) Math.max(p[0], p[2]), (int) Math.max(p[1], p[3]), value);
            }
            case "circle" -> {
                requirePoints(shape, n == 2, "2 points for a circle (centre, a point on the circle)");
                double radius = Math.hypot(p[2] - p[0], p[3] - p[1]);
                requirePoints(shape, radius <= MAX_RADIUS, "a circle of radius at most " + MAX_RADIUS + " pixels (its radius is "
                        + radius + ")");
                disc(canvas, p[0], p[1], radius, value);
            }
            case "point" -> {
                requirePoints(shape, n == 1, "1 point for a point");
                disc(canvas, p[0], p[1], POINT_RADIUS, value);
            }
            case "line" -> {
                requirePoints(shape, n == 2, "2 points for a line");
                lines(canvas, p, false, value);
            }
            case "linestrip" -> {
                requirePoints(shape, n >= 1, "at least 1 point for a linestrip");
                lines(canvas, p, true, value);
            }
            case "mask" -> {
                requirePoints(shape, n == 2, "2 points for a mask (top-left and bottom-right of its box)");
                LabelMeMask.draw(canvas, shape, p, value);
            }
            default -> throw shape.get("shape_type").expected(TYPES);
        }
    }

    private static void requirePoints(JsonAt shape, boolean ok, String expected) {
        if (!ok) throw shape.get("points").expected(expected);
    }

    private static int[] truncated(double[] p) {
        int[] xy = new int[p.length];
        for (int i = 0; i < p.length; i++) xy[i] = (int) p[i];
        return xy;
    }

    private static void disc(PillowDraw canvas, double cx, double cy, double r, byte value) {
        canvas.ellipse((int) (cx - r), (int) (cy - r), (int) (cx + r), (int) (cy + r), value);
    }

    private static void lines(PillowDraw canvas, double[] p, boolean roundJoints, byte value) {
        int[] xy = truncated(p);
        int n = xy.length / 2;
        for (int i = 0; i + 1 < n; i++) {
            canvas.wideLine(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], LINE_WIDTH, value);
        }
        if (!roundJoints) return;
        double half = LINE_WIDTH / 2.0 - 1;
        for (int i = 1; i + 1 < n; i++) {
            double x = p[2 * i], y = p[2 * i + 1];
            // a straight continuation needs no joint
            double cross = (x - p[2 * i - 2]) * (p[2 * i + 3] - y) - (y - p[2 * i - 1]) * (p[2 * i + 2] - x);
            double dot = (x - p[2 * i - 2]) * (p[2 * i + 2] - x) + (y - p[2 * i - 1]) * (p[2 * i + 3] - y);
            if (cross == 0 && dot > 0) continue;
            canvas.ellipse((int) (x - half), (int) (y - half), (int) (x + half), (int) (y + half), value);
        }
    }
}
