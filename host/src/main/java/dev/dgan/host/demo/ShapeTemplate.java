package dev.dgan.host.demo;

/**
 * The three ideal shapes the rule draws into a region's bounding box, one per object class.
 * A box pixel (x, y), counted from the box's top-left, belongs to a template by a test on its
 * centre (x + 0.5, y + 0.5) in a box of w x h pixel units. The tests are done in integers
 * (doubled coordinates) so that centres exactly on an edge fall the same way on every machine.
 */
public enum ShapeTemplate {

    /**
     * The inscribed ellipse; a centre exactly on the ellipse counts as inside (whether it does
     * changes nothing in the demo's masks or mismatches).
     */
    DISC(1) {
        @Override
        public boolean covers(int x, int y, int width, int height) {
            long dx = 2L * x + 1 - width, dy = 2L * y + 1 - height; // doubled offsets from the box centre
            long w2 = (long) width * width, h2 = (long) height * height;
            return dx * dx * h2 + dy * dy * w2 <= w2 * h2;
        }
    },

    /** The full box. */
    SQUARE(2) {
        @Override
        public boolean covers(int x, int y, int width, int height) {
            return true;
        }
    },

    /**
     * The upright isosceles triangle with its apex at the top centre and its base along the
     * box's bottom edge. A pixel belongs when its centre lies within half a pixel, horizontally,
     * of the triangle's span at the centre's height: {@code |x + 0.5 - w/2| <= (w/2)(y + 0.5)/h + 0.5}.
     * The plain centre test (without the half pixel) does not reproduce the triangle mismatches
     * in the demo's index.json; this one reproduces all of them.
     */
    TRIANGLE(3) {
        @Override
        public boolean covers(int x, int y, int width, int height) {
            long offset = Math.abs(2L * x + 1 - width); // doubled distance from the centre line
            return 2L * height * offset <= (long) width * (2L * y + 1) + 2L * height;
        }
    };

    private final int classId;

    ShapeTemplate(int classId) {
        this.classId = classId;
    }

    /** The label the rule gives a region that fits this template best. */
    public int classId() {
        return classId;
    }

    public abstract boolean covers(int x, int y, int width, int height);
}
