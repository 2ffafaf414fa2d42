package dev.dgan.api.annotate;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;

/**
 * LabelMe's {@code mask} shape (LabelMe 5.3 and later, drawn by its AI tools): a base64 PNG,
 * non-zero pixels inside, whose top-left pixel sits at the shape's first point.
 */
final class LabelMeMask {

    private LabelMeMask() {
    }

    static void draw(PillowDraw canvas, JsonAt shape, double[] p, byte value) {
        JsonAt field = shape.get("mask");
        Raster mask = decode(field, canvas.width(), canvas.height());
        // LabelMe rounds the corners (halves to even, numpy's rule); integer corners bound the patch
        // (older files), fractional ones only place it and the PNG's own size is the patch
        int x1 = (int) Math.rint(p[0]), y1 = (int) Math.rint(p[1]);
        int x2 = (int) Math.rint(p[2]), y2 = (int) Math.rint(p[3]);
        boolean integral = true;
        for (double v : p) integral &= v == Math.floor(v);
        int patchWidth = integral ? x2 - x1 + 1 : mask.getWidth();
        int patchHeight = integral ? y2 - y1 + 1 : mask.getHeight();
        if (patchWidth > mask.getWidth() || patchHeight > mask.getHeight()) {
            throw new AnnotationException(field.file() + ": field " + field.path() + ": expected a PNG of at least " + patchWidth + "x"
                    + patchHeight + " pixels (the box the points span), got " + mask.getWidth() + "x" + mask.getHeight());
        }
        for (int y = Math.max(0, -y1); y < patchHeight; y++) {
            for (int x = Math.max(0, -x1); x < patchWidth; x++) {
                if (mask.getSample(x, y, 0) != 0) canvas.point(x1 + x, y1 + y, value);
            }
        }
    }

    /** The mask PNG, no larger than the image: LabelMe crops a mask to the image, and decoding allocates what the header declares. */
    private static Raster decode(JsonAt field, int maxWidth, int maxHeight) {
        byte[] png;
        try {
            png = Base64.getMimeDecoder().decode(field.text());
        } catch (IllegalArgumentException e) {
            throw field.expected("a base64-encoded PNG (" + e.getMessage() + ")");
        }
        BufferedImage image;
        try {
            ImageSize declared;
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
                declared = ImageSize.header(in).orElse(null);
            }
            if (declared == null) throw field.expected("a base64-encoded PNG, the data is not an image");
            if (declared.width() > maxWidth || declared.height() > maxHeight) {
                throw field.expected("a PNG of at most " + maxWidth + "x" + maxHeight + " pixels (the image's size), it declares "
                        + declared);
            }
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw field.expected("a base64-encoded PNG, cannot decode it: " + e.getMessage());
        }
        if (image == null) throw field.expected("a base64-encoded PNG, the data is not an image");
        Raster raster = image.getRaster();
        if (raster.getNumBands() != 1) {
            throw field.expected("a one-channel PNG (non-zero = inside), got " + raster.getNumBands() + " channels");
        }
        return raster;
    }
}
