package dev.dgan.api.annotate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.runtime.files.FileErrors;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A label mask drawn as a PNG: 8-bit indexed (palette) or grayscale, one class id per pixel,
 * {@link LabelMap#VOID} for unlabeled pixels. The raw pixel values are the ids; the palette's
 * colours are only for people looking at the file.
 */
public final class MaskPng {

    private MaskPng() {
    }

    /**
     * Reads {@code file} and checks it against the sample it annotates: same size as
     * {@code expected}, every value below {@code classes} or void.
     */
    public static LabelMap read(Path file, ImageSize expected, int classes) {
        // the header first: decoding allocates the pixels the header declares, whatever the file holds
        ImageSize declared = ImageSize.of(file);
        if (!declared.equals(expected)) {
            throw new AnnotationException(file + ": size " + declared + ", expected " + expected + " (the size of the sample image)");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new AnnotationException(file + ": expected an 8-bit indexed or grayscale PNG, cannot decode it: " + FileErrors.reason(e), e);
        }
        if (image == null) throw new AnnotationException(file + ": expected an 8-bit indexed or grayscale PNG, the file is not a readable image");
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        // RGB masks are refused rather than guessed at: a colour-to-class table would be one more thing to get wrong
        if (bands != 1 || bits > 8) {
            throw new AnnotationException(file + ": expected an 8-bit indexed or grayscale PNG (pixel value = class id), got "
                    + bands + " channel(s) of " + bits + " bits");
        }
        ImageSize size = new ImageSize(image.getWidth(), image.getHeight());
        if (!size.equals(expected)) {
            throw new AnnotationException(file + ": size " + size + ", expected " + expected + " (the size of the sample image)");
        }
        int[] values = raster.getSamples(0, 0, size.width(), size.height(), 0, (int[]) null);
        byte[] labels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v >= classes && v != LabelMap.VOID) {
                throw new AnnotationException(file + ": pixel (" + (i % size.width()) + ", " + (i / size.width()) + ") has class id "
                        + v + ", expected a class id below " + classes + " (the class list) or " + LabelMap.VOID + " (void)");
            }
            labels[i] = (byte) v;
        }
        return new LabelMap(size.width(), size.height(), labels);
    }
}
