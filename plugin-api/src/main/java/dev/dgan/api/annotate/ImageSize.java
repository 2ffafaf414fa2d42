package dev.dgan.api.annotate;

import dev.dgan.runtime.files.FileErrors;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/** Width and height of an image in pixels. */
public record ImageSize(int width, int height) {

    /** Reads only the image header: annotations are checked against sample sizes without decoding every sample. */
    public static ImageSize of(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new AnnotationException(file + ": cannot open the image");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new AnnotationException(file + ": expected a PNG image, the file is not a readable image");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new AnnotationException(file + ": expected a PNG image, cannot read it: " + FileErrors.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
