package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.MaskPng;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Labeled images as pairs of files: an RGB image and an index PNG of the same size whose pixel
 * values are class ids (255 = void).
 */
record PairedFiles(String describe, List<Pair> pairs, List<String> classNames) implements LabeledSource {

    record Pair(String name, Path image, Path label) {}

    PairedFiles {
        pairs = List.copyOf(pairs);
        classNames = List.copyOf(classNames);
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public LabeledImage load(int index) throws IOException {
        Pair p = pairs.get(index);
        BufferedImage image = ImageIO.read(p.image().toFile());
        if (image == null) throw new IOException(p.image() + ": expected an RGB PNG or JPEG image, the file is not a readable image");
        LabelMap labels = MaskPng.read(p.label(), new ImageSize(image.getWidth(), image.getHeight()), LabelMap.VOID);
        return new LabeledImage(p.name(), LabeledImage.rgbOf(image), labels);
    }
}
