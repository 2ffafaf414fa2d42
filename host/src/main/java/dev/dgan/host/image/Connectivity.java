package dev.dgan.host.image;

/** Which pixels count as neighbours: the 4 sharing an edge, or those plus the 4 diagonals. */
public enum Connectivity {

    FOUR(new int[][]{{-1, 0}, {0, -1}, {0, 1}, {1, 0}}),
    EIGHT(new int[][]{{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}});

    /** {row, column} offsets. */
    private final int[][] offsets;

    Connectivity(int[][] offsets) {
        this.offsets = offsets;
    }

    public int count() {
        return offsets.length;
    }

    /**
     * The pixel index of neighbour {@code k} of pixel {@code (row, column)}, or -1 where it
     * would lie outside the image (such pixels do not exist, so they are never neighbours).
     */
    public int neighbour(int k, int row, int column, int width, int height) {
        int r = row + offsets[k][0], c = column + offsets[k][1];
        return r < 0 || c < 0 || r >= height || c >= width ? -1 : r * width + c;
    }
}
