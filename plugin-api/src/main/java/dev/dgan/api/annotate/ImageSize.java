package dev.dgan.api.annotate;

import dev.dgan.runtime.files.FileErrors;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/** Width and height of an image in pixels. */
public record ImageSize(int width, int height) {

    /** Reads only the image header: annotations are checked against sample sizes without decoding every sample. */
    public static ImageSize of(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new AnnotationException(file + ": cannot open the image");
            return header(in).orElseThrow(() -> new AnnotationException(file + ": expected a PNG image, the file is not a readable image"));
        } catch (IOException e) {
            throw new AnnotationException(file + ": expected a PNG image, cannot read it: " + FileErrors.reason(e), e);
        }
    }

    /**
     * The size an image's header declares, no pixel decoded; empty when no image reader knows the
     * data. Read before decoding, which allocates every pixel the header declares.
     */
    static Optional<ImageSize> header(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) return Optional.empty();
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            return Optional.of(new ImageSize(reader.getWidth(0), reader.getHeight(0)));
        } finally {
            reader.dispose();
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
