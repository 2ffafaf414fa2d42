package dev.dgan.host.eval.report;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.image.Palette;
import dev.dgan.host.io.ImageFiles;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Test samples as image | truth | prediction, side by side and blown up by a whole factor so a
 * 32 px image can be read, labels in the {@link Palette}'s colours, with a colour legend. Each
 * sample's caption gives its share of right pixels so the bad ones are easy to spot.
 */
public final class PredictionStrip {

    private static final float HEADER_SIZE = 13f, CAPTION_SIZE = 11f;

    private PredictionStrip() {
    }

    /** Renders and writes the strip as a PNG, atomically. */
    public static void write(Path file, List<PredictionSample> samples, List<String> classNames) throws IOException {
        ImageFiles.writePng(file, render(samples, classNames));
    }

    public static BufferedImage render(List<PredictionSample> samples, List<String> classNames) {
        return render(samples, classNames, StripLayout.defaultGroupsPerRow(samples.size()));
    }

    /** As {@link #render(List, List)} with {@code samplesPerRow} samples side by side in each row. */
    public static BufferedImage render(List<PredictionSample> samples, List<String> classNames, int samplesPerRow) {
        StripLayout layout = layout(samples, classNames, samplesPerRow);
        BufferedImage image = Drawing.canvas(layout.width(), layout.height());
        Graphics2D g = Drawing.graphics(image);
        try {
            // nearest neighbour: a blown-up pixel stays one flat colour, a label edge stays sharp
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            drawHeaders(g, layout);
            for (int s = 0; s < samples.size(); s++) drawSample(g, layout, s, samples.get(s));
            layout.legend().draw(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static StripLayout layout(List<PredictionSample> samples, List<String> classNames) {
        return layout(samples, classNames, StripLayout.defaultGroupsPerRow(samples.size()));
    }

    public static StripLayout layout(List<PredictionSample> samples, List<String> classNames, int samplesPerRow) {
        boolean anyVoid = check(samples, classNames);
        if (samplesPerRow < 1) throw new IllegalArgumentException("samples per row must be at least 1, got " + samplesPerRow);
        int perRow = Math.min(samplesPerRow, samples.size());
        int w = samples.getFirst().width(), h = samples.getFirst().height();
        int scale = StripLayout.scaleFor(w, h);
        int tileWidth = w * scale, tileHeight = h * scale;
        int headerHeight = Drawing.metrics(Drawing.bold(HEADER_SIZE)).getHeight();
        int captionHeight = Drawing.metrics(Drawing.font(CAPTION_SIZE)).getHeight() + 4;
        int gridTop = StripLayout.PAD + headerHeight + 4;
        List<ColorLegend.Item> entries = ColorLegend.entries(classNames, anyVoid);
        int gridWidth = perRow * (3 * tileWidth + 2 * StripLayout.TILE_GAP) + (perRow - 1) * StripLayout.GROUP_GAP;
        int contentWidth = Math.max(gridWidth, ColorLegend.widestItem(entries));
        StripLayout draft = new StripLayout(0, 0, scale, tileWidth, tileHeight, samples.size(), perRow, gridTop,
                captionHeight, null);
        int gridBottom = gridTop + draft.rows() * draft.rowStride() - StripLayout.ROW_GAP;
        ColorLegend legend = ColorLegend.place(entries, StripLayout.PAD, gridBottom + 14, contentWidth);
        return new StripLayout(contentWidth + 2 * StripLayout.PAD, legend.bottom() + StripLayout.PAD, scale,
                tileWidth, tileHeight, samples.size(), perRow, gridTop, captionHeight, legend);
    }

    /** Checks sizes and label ids; says whether any void pixel appears, which the legend then lists. */
    private static boolean check(List<PredictionSample> samples, List<String> classNames) {
        if (samples.isEmpty()) throw new IllegalArgumentException("a prediction strip needs at least one sample");
        if (classNames.isEmpty()) throw new IllegalArgumentException("a prediction strip needs class names");
        int w = samples.getFirst().width(), h = samples.getFirst().height();
        boolean anyVoid = false;
        for (int s = 0; s < samples.size(); s++) {
            PredictionSample sample = samples.get(s);
            if (sample.width() != w || sample.height() != h)
                throw new IllegalArgumentException("sample " + s + " is " + sample.width() + "x" + sample.height()
                        + " but sample 0 is " + w + "x" + h + "; a strip shows samples of one size");
            anyVoid |= checkIds(sample.truth(), classNames.size(), "truth", s);
            anyVoid |= checkIds(sample.prediction(), classNames.size(), "prediction", s);
        }
        return anyVoid;
    }

    private static boolean checkIds(LabelMap labels, int classes, String side, int sample) {
        boolean anyVoid = false;
        for (byte b : labels.labels()) {
            int id = b & 0xFF;
            if (id == LabelMap.VOID) anyVoid = true;
            else if (id >= classes)
                throw new IllegalArgumentException("sample " + sample + " " + side + " has label " + id + " but only "
                        + classes + " classes are named");
        }
        return anyVoid;
    }

    private static void drawHeaders(Graphics2D g, StripLayout layout) {
        g.setFont(Drawing.bold(HEADER_SIZE));
        g.setColor(Drawing.INK);
        int height = g.getFontMetrics().getHeight();
        for (int s = 0; s < layout.groupsPerRow(); s++) {
            for (StripLayout.Column column : StripLayout.Column.values()) {
                Rectangle tile = layout.tile(s, column);
                Drawing.centred(g, column.header(), new Rectangle(tile.x, StripLayout.PAD, tile.width, height));
            }
        }
    }

    private static void drawSample(Graphics2D g, StripLayout layout, int index, PredictionSample sample) {
        drawTile(g, layout.tile(index, StripLayout.Column.IMAGE), sample.image());
        drawTile(g, layout.tile(index, StripLayout.Column.TRUTH), Palette.indexImage(sample.truth()));
        drawTile(g, layout.tile(index, StripLayout.Column.PREDICTION), Palette.indexImage(sample.prediction()));

        g.setFont(Drawing.font(CAPTION_SIZE));
        g.setColor(Drawing.FAINT_INK);
        FontMetrics m = g.getFontMetrics();
        Rectangle caption = layout.caption(index);
        double accuracy = sample.accuracy();
        String text = "#" + (index + 1) + "   " + (Double.isNaN(accuracy) ? "no pixel labeled on both sides"
                : Numbers.percent(accuracy, 1) + " of pixels right");
        g.drawString(text, caption.x, caption.y + 3 + m.getAscent());
    }

    private static void drawTile(Graphics2D g, Rectangle tile, BufferedImage picture) {
        g.drawImage(picture, tile.x, tile.y, tile.width, tile.height, null);
        // the frame goes outside the tile so every tile pixel keeps its exact colour
        g.setColor(Drawing.FRAME);
        g.drawRect(tile.x - 1, tile.y - 1, tile.width + 1, tile.height + 1);
    }
}
