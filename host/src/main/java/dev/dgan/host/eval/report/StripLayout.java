package dev.dgan.host.eval.report;

import java.awt.Rectangle;

/**
 * Where everything of a {@link PredictionStrip} goes: samples fill a grid row by row, each as
 * three tiles side by side (image, truth, prediction) with a caption below; column headers on
 * top, the colour legend at the bottom. Tests find a tile by {@link #tile} instead of guessing.
 *
 * @param scale        integer factor each pixel is blown up by (nearest neighbour, so label
 *                     edges stay exact)
 * @param tileWidth    width of one tile, the image width times {@code scale}
 * @param groupsPerRow samples side by side in one grid row
 * @param gridTop      top of the first row of tiles
 */
public record StripLayout(int width, int height, int scale, int tileWidth, int tileHeight, int samples,
                          int groupsPerRow, int gridTop, int captionHeight, ColorLegend legend) {

    /** The three tiles of a sample, left to right, with their header text. */
    public enum Column {
        IMAGE("image"), TRUTH("truth"), PREDICTION("prediction");

        private final String header;

        Column(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    static final int PAD = 16, TILE_GAP = 4, GROUP_GAP = 28, ROW_GAP = 10;

    /** Small images are blown up until their shorter side is at least this many pixels. */
    static final int MIN_TILE = 96;

    static int scaleFor(int width, int height) {
        return Math.max(1, (MIN_TILE + Math.min(width, height) - 1) / Math.min(width, height));
    }

    /** Roughly as wide as tall for many samples, but never more than four samples to a row. */
    static int defaultGroupsPerRow(int samples) {
        return Math.clamp((int) Math.ceil(Math.sqrt(samples / 2.0)), 1, 4);
    }

    public int groupWidth() {
        return 3 * tileWidth + 2 * TILE_GAP;
    }

    public int rows() {
        return (samples + groupsPerRow - 1) / groupsPerRow;
    }

    int rowStride() {
        return tileHeight + captionHeight + ROW_GAP;
    }

    /** The left of sample {@code sample}'s group of tiles. */
    int groupX(int sample) {
        return PAD + (sample % groupsPerRow) * (groupWidth() + GROUP_GAP);
    }

    /** The tile of {@code column} for sample {@code sample} (0-based, in the order given). */
    public Rectangle tile(int sample, Column column) {
        if (sample < 0 || sample >= samples) throw new IndexOutOfBoundsException("sample " + sample + " of " + samples);
        int x = groupX(sample) + column.ordinal() * (tileWidth + TILE_GAP);
        int y = gridTop + (sample / groupsPerRow) * rowStride();
        return new Rectangle(x, y, tileWidth, tileHeight);
    }

    /** Where sample {@code sample}'s caption goes, under its tiles. */
    Rectangle caption(int sample) {
        Rectangle first = tile(sample, Column.IMAGE);
        return new Rectangle(first.x, first.y + tileHeight, groupWidth(), captionHeight);
    }
}
