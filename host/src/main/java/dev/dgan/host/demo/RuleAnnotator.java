package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's hand-written rule annotator ({@code demo/rule.md}), which stands in for a human
 * annotator of the demo's GAN samples: it is the yardstick the demo measures against, not part
 * of the product. Labels: 0 background, 1 disc, 2 square, 3 triangle.
 *
 * <p>Steps: foreground by HSV threshold and colour regions ({@link ColourRegions}), thin fringes
 * merged and specks dropped ({@link RegionCleanup}), a class per region by template mismatch
 * ({@link ShapeClassifier}, {@link ShapeTemplate}). Where the text leaves a choice open, those
 * classes say which reading they take and why; together they reproduce the shipped masks and the
 * region statistics of {@code demo/annotations/index.json} exactly.
 */
public final class RuleAnnotator {

    public static final int BACKGROUND = 0;

    public LabelMap annotate(BufferedImage image) {
        return read(image).labels();
    }

    /** {@code rgb}: interleaved 8-bit RGB, row-major, {@code 3 * width * height} bytes. */
    public LabelMap annotate(byte[] rgb, int width, int height) {
        return read(rgb, width, height).labels();
    }

    public RuleReading read(BufferedImage image) {
        return read(RgbPixels.of(image));
    }

    public RuleReading read(byte[] rgb, int width, int height) {
        return read(new RgbPixels(width, height, rgb));
    }

    private RuleReading read(RgbPixels image) {
        RegionMap regions = ColourRegions.find(image);
        RegionCleanup.mergeThinFringes(regions);
        RegionCleanup.dropSmall(regions);

        int[] sizes = regions.sizes();
        int[] classOf = new int[regions.count()];
        List<RuleRegion> found = new ArrayList<>();
        for (int id = 0; id < regions.count(); id++) {
            if (sizes[id] == 0) continue;
            RuleRegion region = ShapeClassifier.classify(regions, id, sizes[id]);
            classOf[id] = region.cls();
            found.add(region);
        }
        byte[] labels = new byte[image.pixels()];
        for (int i = 0; i < labels.length; i++) {
            int id = regions.at(i);
            labels[i] = (byte) (id == RegionMap.NONE ? BACKGROUND : classOf[id]);
        }
        return new RuleReading(new LabelMap(image.width(), image.height(), labels), found);
    }
}
