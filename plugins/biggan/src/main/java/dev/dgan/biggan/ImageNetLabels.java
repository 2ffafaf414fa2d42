package dev.dgan.biggan;

import dev.dgan.api.Conditioning;
import dev.dgan.api.ImageNetClasses;

/** The class labels of a BigGAN generator: 1000 classes are ImageNet's and get their names; other counts have none. */
final class ImageNetLabels {

    private ImageNetLabels() {}

    static Conditioning.ClassLabels of(int classes) {
        return classes == ImageNetClasses.COUNT
                ? new Conditioning.ClassLabels(classes, ImageNetClasses.get().names())
                : new Conditioning.ClassLabels(classes);
    }
}
