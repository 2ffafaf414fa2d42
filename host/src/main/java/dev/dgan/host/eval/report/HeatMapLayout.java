package dev.dgan.host.eval.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.util.List;

/**
 * Where everything of a {@link ConfusionHeatMap} goes, computed once from the class names so the
 * renderer and tests agree on it: tests find a cell by {@link #cell} instead of guessing pixels.
 *
 * <p>Left to right: the "truth" axis title, row names, the n x n grid, the IoU column, the
 * pixel-count column. Top to bottom: title, subtitle, the "prediction" axis title, column
 * names, the grid.
 *
 * @param cell           side of one grid cell in pixels, smaller for more classes
 * @param namesRight     where the right-aligned row names end
 * @param axisTop        top of the "prediction" axis title
 * @param columnNamesBottom where column names (and the side-column headers) stand
 * @param upwardNames    whether column names are turned to read bottom to top (when they are
 *                       wider than a cell)
 * @param iouWidth       width of the IoU column
 * @param pixelsWidth    width of the pixel-count column, room for the largest count
 */
public record HeatMapLayout(int width, int height, int classes, int cell, int gridX, int gridY,
                            int namesRight, int axisTop, int columnNamesBottom, boolean upwardNames,
                            int iouX, int iouWidth, int pixelsX, int pixelsWidth, float cellFontSize, float labelFontSize) {

    static final int PAD = 16;
    static final int MAX_NAME_CHARS = 24;
    static final float TITLE_SIZE = 17f;
    static final float SUBTITLE_SIZE = 12f;
    static final float AXIS_SIZE = 14f;

    /**
     * Cells shrink with the class count so 40 classes still fit about 800 px, but never below
     * 20 px (a two-digit percentage must fit) nor above 72 px (two classes would look bloated).
     */
    static int cellSize(int classes) {
        return Math.clamp(640 / classes, 20, 72);
    }

    /** The layout for these class names, with room for {@code largestCount} in the pixel column. */
    static HeatMapLayout of(List<String> names, long largestCount) {
        int n = names.size();
        int cell = cellSize(n);
        float cellFont = Math.clamp(cell * 0.22f, 8f, 14f);
        float labelSize = cell >= 28 ? 13f : 11f;
        Font label = Drawing.font(labelSize);
        FontMetrics labelMetrics = Drawing.metrics(label);
        int namesWidth = names.stream().mapToInt(s -> labelMetrics.stringWidth(Drawing.clip(s, MAX_NAME_CHARS)))
                .max().orElse(0);
        boolean upward = namesWidth > cell - 6;
        int columnNamesHeight = upward ? namesWidth : labelMetrics.getHeight();

        int axisHeight = Drawing.metrics(Drawing.bold(AXIS_SIZE)).getHeight();
        Font header = Drawing.bold(labelSize);
        int iouWidth = Math.max(Drawing.width(label, "100.0%"), Drawing.width(header, "IoU")) + 20;
        int pixelsWidth = Math.max(Drawing.width(label, Numbers.grouped(largestCount)), Drawing.width(header, "pixels")) + 16;

        int namesRight = PAD + axisHeight + 8 + namesWidth;
        int gridX = namesRight + 8;
        int iouX = gridX + n * cell + 12;
        int pixelsX = iouX + iouWidth + 4;
        int gridWidthEnd = pixelsX + pixelsWidth + PAD;

        int titleHeight = Drawing.metrics(Drawing.bold(TITLE_SIZE)).getHeight();
        int subtitleHeight = Drawing.metrics(Drawing.font(SUBTITLE_SIZE)).getHeight();
        int axisTop = PAD + titleHeight + subtitleHeight + 10;
        int columnNamesBottom = axisTop + axisHeight + 4 + columnNamesHeight;
        int gridY = columnNamesBottom + 6;
        int height = gridY + n * cell + PAD;
        return new HeatMapLayout(gridWidthEnd, height, n, cell, gridX, gridY, namesRight, axisTop, columnNamesBottom, upward,
                iouX, iouWidth, pixelsX, pixelsWidth, cellFont, labelSize);
    }

    /** The same layout made at least {@code minWidth} wide (a long title), the extra room on the right. */
    HeatMapLayout atLeast(int minWidth) {
        return minWidth <= width ? this : new HeatMapLayout(minWidth, height, classes, cell, gridX, gridY, namesRight,
                axisTop, columnNamesBottom, upwardNames, iouX, iouWidth, pixelsX, pixelsWidth, cellFontSize, labelFontSize);
    }

    /** The cell of pixels of class {@code truth} predicted as {@code predicted}. */
    public Rectangle cell(int truth, int predicted) {
        return new Rectangle(gridX + predicted * cell, gridY + truth * cell, cell, cell);
    }

    public Rectangle grid() {
        return new Rectangle(gridX, gridY, classes * cell, classes * cell);
    }

    /** The IoU entry for class {@code cls}, on the class's row. */
    public Rectangle iou(int cls) {
        return new Rectangle(iouX, gridY + cls * cell, iouWidth, cell);
    }

    /** The count of ground-truth pixels of class {@code cls}, on the class's row. */
    public Rectangle pixels(int cls) {
        return new Rectangle(pixelsX, gridY + cls * cell, pixelsWidth, cell);
    }
}
