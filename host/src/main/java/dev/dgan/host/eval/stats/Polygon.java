package dev.dgan.host.eval.stats;

/**
 * A closed (or, where a method says so, open) polyline as parallel coordinate arrays: vertex
 * i is ({@code x[i]}, {@code y[i]}). Arrays rather than a list of points because contours of
 * large objects run to thousands of vertices and are made and dropped once per image.
 * Equality is the arrays' identity, as for any record over arrays.
 */
public record Polygon(double[] x, double[] y) {

    public Polygon {
        if (x == null || y == null || x.length != y.length)
            throw new IllegalArgumentException("polygon needs as many x as y coordinates");
    }

    public int size() {
        return x.length;
    }

    /** Vertices as "x,y" pairs, for assertion messages. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) {
            if (i > 0) s.append(' ');
            s.append(x[i]).append(',').append(y[i]);
        }
        return s.append(']').toString();
    }
}
