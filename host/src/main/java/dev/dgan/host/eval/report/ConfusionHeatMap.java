package dev.dgan.host.eval.report;

import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.host.io.ImageFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A confusion matrix as a heat map: rows are the ground truth, columns the prediction, each cell
 * shaded by its share of the row (white = none, dark blue = all) with the share printed on it.
 * Row shares rather than raw counts, so a rare class's row is as readable as the background's:
 * a dark diagonal means each class is found, dark cells off it say what a class is taken for.
 * The title carries mIoU and pixel accuracy; per-class IoU and the row's pixel count stand on
 * the right of each row.
 */
public final class ConfusionHeatMap {

    /** Behind the IoU text, a bar as long as the IoU; orange so it is not read as a row share. */
    private static final Color IOU_BAR = new Color(0xFDD49E);
    private static final Color GRID_LINE = new Color(0xE8E8E8);

    private ConfusionHeatMap() {
    }

    /** Renders and writes the heat map as a PNG, atomically. */
    public static void write(Path file, SegmentationScores scores, List<String> classNames) throws IOException {
        ImageFiles.writePng(file, render(scores, classNames));
    }

    /** Where {@link #render} puts everything for these class names and scores. */
    public static HeatMapLayout layout(SegmentationScores scores, List<String> classNames) {
        check(scores, classNames);
        long largestRow = 0;
        for (int t = 0; t < scores.classes(); t++) largestRow = Math.max(largestRow, rowTotal(scores, t));
        HeatMapLayout layout = HeatMapLayout.of(classNames, largestRow);
        int titleWidth = Math.max(Drawing.width(Drawing.bold(HeatMapLayout.TITLE_SIZE), title(scores)),
                Drawing.width(Drawing.font(HeatMapLayout.SUBTITLE_SIZE), subtitle(scores)));
        return layout.atLeast(titleWidth + 2 * HeatMapLayout.PAD);
    }

    public static BufferedImage render(SegmentationScores scores, List<String> classNames) {
        HeatMapLayout layout = layout(scores, classNames);
        BufferedImage image = Drawing.canvas(layout.width(), layout.height());
        Graphics2D g = Drawing.graphics(image);
        try {
            drawTitles(g, scores, layout);
            drawNames(g, classNames, layout);
            drawCells(g, scores, layout);
            drawSideColumns(g, scores, layout);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void check(SegmentationScores scores, List<String> classNames) {
        int n = scores.classes();
        if (classNames.size() != n)
            throw new IllegalArgumentException("scores have " + n + " classes but " + classNames.size() + " names were given");
        if (n < 1) throw new IllegalArgumentException("a confusion heat map needs at least one class");
        if (scores.matrix().size() != n || scores.matrix().stream().anyMatch(row -> row.size() != n)
                || scores.iou().size() != n)
            throw new IllegalArgumentException("scores of " + n + " classes need an " + n + "x" + n + " matrix and "
                    + n + " IoU values");
    }

    static String title(SegmentationScores scores) {
        return "mIoU " + Numbers.percent(scores.meanIou(), 1) + "   \u00b7   pixel accuracy "
                + Numbers.percent(scores.pixelAccuracy(), 1);
    }

    static String subtitle(SegmentationScores scores) {
        return Numbers.grouped(scores.pixels()) + " pixels, " + scores.classes()
                + " classes; each cell is its share of the truth row";
    }

    private static void drawTitles(Graphics2D g, SegmentationScores scores, HeatMapLayout layout) {
        int pad = HeatMapLayout.PAD;
        g.setColor(Drawing.INK);
        g.setFont(Drawing.bold(HeatMapLayout.TITLE_SIZE));
        FontMetrics title = g.getFontMetrics();
        g.drawString(title(scores), pad, pad + title.getAscent());
        g.setColor(Drawing.FAINT_INK);
        g.setFont(Drawing.font(HeatMapLayout.SUBTITLE_SIZE));
        g.drawString(subtitle(scores), pad, pad + title.getHeight() + g.getFontMetrics().getAscent());

        Rectangle grid = layout.grid();
        g.setColor(Drawing.INK);
        g.setFont(Drawing.bold(HeatMapLayout.AXIS_SIZE));
        FontMetrics axis = g.getFontMetrics();
        Drawing.centred(g, "prediction", new Rectangle(grid.x, layout.axisTop(), grid.width, axis.getHeight()));
        int truthWidth = axis.stringWidth("truth");
        Drawing.upward(g, "truth", pad + axis.getAscent(), grid.y + (grid.height + truthWidth) / 2);
    }

    private static void drawNames(Graphics2D g, List<String> names, HeatMapLayout layout) {
        g.setFont(Drawing.font(layout.labelFontSize()));
        FontMetrics m = g.getFontMetrics();
        int cell = layout.cell();
        for (int c = 0; c < names.size(); c++) {
            String name = Drawing.clip(names.get(c), HeatMapLayout.MAX_NAME_CHARS);
            Rectangle column = layout.cell(0, c);
            g.setColor(Drawing.INK);
            Drawing.rightAligned(g, name, layout.namesRight(), layout.cell(c, 0).y, cell);
            if (layout.upwardNames()) {
                // turned text spans [x - ascent, x + descent]; centre that span on the column
                int x = column.x + cell / 2 + (m.getAscent() - m.getDescent()) / 2;
                Drawing.upward(g, name, x, layout.columnNamesBottom());
            } else {
                Drawing.centred(g, name, new Rectangle(column.x, layout.columnNamesBottom() - m.getHeight(), cell, m.getHeight()));
            }
        }
        g.setFont(Drawing.bold(layout.labelFontSize()));
        int top = layout.columnNamesBottom() - m.getHeight();
        Drawing.centred(g, "IoU", new Rectangle(layout.iouX(), top, layout.iouWidth(), m.getHeight()));
        // right-aligned like the counts below it
        Drawing.rightAligned(g, "pixels", layout.pixelsX() + layout.pixelsWidth() - 4, top, m.getHeight());
    }

    private static void drawCells(Graphics2D g, SegmentationScores scores, HeatMapLayout layout) {
        int n = scores.classes(), cell = layout.cell();
        // the printed precision follows the room a cell has
        boolean large = cell >= 56, medium = cell >= 36;
        Font percentFont = Drawing.font(layout.cellFontSize());
        Font countFont = Drawing.font(Math.max(8f, layout.cellFontSize() - 3));
        for (int t = 0; t < n; t++) {
            long rowTotal = rowTotal(scores, t);
            for (int p = 0; p < n; p++) {
                long count = scores.count(t, p);
                // an empty row has no shares: white, not a division by zero
                double share = rowTotal == 0 ? 0 : count / (double) rowTotal;
                Rectangle box = layout.cell(t, p);
                Color fill = HeatColors.of(share);
                g.setColor(fill);
                g.fillRect(box.x, box.y, box.width, box.height);
                if (count == 0) continue; // white says "none" already; zeros everywhere would drown the rest
                g.setColor(Drawing.textOn(fill));
                String percent = Numbers.cellPercent(count, rowTotal, large ? 1 : 0, medium);
                if (large) {
                    int half = box.height / 2;
                    g.setFont(percentFont);
                    Drawing.centred(g, percent, new Rectangle(box.x, box.y + half / 3, box.width, half));
                    g.setFont(countFont);
                    Drawing.centred(g, Numbers.compact(count), new Rectangle(box.x, box.y + half, box.width, half - half / 3));
                } else {
                    g.setFont(percentFont);
                    if (g.getFontMetrics().stringWidth(percent) <= box.width - 2) Drawing.centred(g, percent, box);
                }
            }
        }
        Rectangle grid = layout.grid();
        g.setColor(GRID_LINE);
        for (int i = 1; i < n; i++) {
            g.drawLine(grid.x + i * cell, grid.y, grid.x + i * cell, grid.y + grid.height - 1);
            g.drawLine(grid.x, grid.y + i * cell, grid.x + grid.width - 1, grid.y + i * cell);
        }
        g.setColor(Drawing.FRAME);
        g.drawRect(grid.x - 1, grid.y - 1, grid.width + 1, grid.height + 1);
    }

    private static void drawSideColumns(Graphics2D g, SegmentationScores scores, HeatMapLayout layout) {
        g.setFont(Drawing.font(layout.labelFontSize()));
        int inset = Math.max(2, layout.cell() / 8);
        for (int c = 0; c < scores.classes(); c++) {
            double iou = scores.iou(c);
            Rectangle box = layout.iou(c);
            if (!Double.isNaN(iou)) {
                g.setColor(IOU_BAR);
                g.fillRect(box.x, box.y + inset, (int) Math.round(box.width * Math.clamp(iou, 0.0, 1.0)),
                        box.height - 2 * inset);
            }
            // NaN: the class is in neither truth nor prediction, so there is nothing to score
            g.setColor(Double.isNaN(iou) ? Drawing.FAINT_INK : Drawing.INK);
            Drawing.centred(g, Numbers.percent(iou, 1), box);

            Rectangle pixels = layout.pixels(c);
            long rowTotal = rowTotal(scores, c);
            g.setColor(rowTotal == 0 ? Drawing.FAINT_INK : Drawing.INK);
            Drawing.rightAligned(g, Numbers.grouped(rowTotal), pixels.x + pixels.width - 4, pixels.y, pixels.height);
        }
    }

    /** The ground-truth pixels of class {@code truth}. */
    private static long rowTotal(SegmentationScores scores, int truth) {
        return scores.matrix().get(truth).stream().mapToLong(Long::longValue).sum();
    }
}
