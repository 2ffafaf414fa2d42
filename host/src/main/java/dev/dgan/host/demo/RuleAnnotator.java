package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;

/**
 * The demo's hand-written rule annotator, which stands in for a human annotator of the demo's
 * critters: it implements {@code demo/rule.md} step by step and is the yardstick the demo
 * measures against, not part of the product. Labels: 0 background, 1 body, 2 eye, 3 mouth.
 *
 * <p>Steps: background-like pixels by a border plane and a grey test ({@link BackgroundPlane}),
 * the object as the largest remaining component with its holes filled ({@link ObjectMask}),
 * eye and mouth candidates in its interior judged against the body's median colour
 * ({@link BodyColour}, {@link PartCandidates}), then candidate components labelled by vote and
 * a closing pass ({@link PartLabels}). All arithmetic is on integers, so the result is bit-exact
 * with the text; it reproduces the masks shipped in {@code demo/annotations}.
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
        int width = image.width(), height = image.height();
        byte[] labels = new byte[image.pixels()];
        Optional<boolean[]> found = ObjectMask.find(BackgroundPlane.backgroundLike(image), width, height);
        if (found.isEmpty()) return new RuleReading(new LabelMap(width, height, labels), 0, List.of());

        boolean[] object = found.get();
        int objectPixels = 0;
        for (int pixel = 0; pixel < labels.length; pixel++) {
            if (!object[pixel]) continue;
            labels[pixel] = PartLabels.BODY;
            objectPixels++;
        }
        PartCandidates candidates = PartCandidates.find(image, ObjectMask.interior(object, width, height),
                BodyColour.of(image, object));
        List<PartComponent> parts = PartLabels.labelComponents(labels, candidates, width, height);
        PartLabels.close(labels, width, height);
        return new RuleReading(new LabelMap(width, height, labels), objectPixels, parts);
    }
}
