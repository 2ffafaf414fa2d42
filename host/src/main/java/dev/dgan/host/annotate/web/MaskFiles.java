package dev.dgan.host.annotate.web;

import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.MaskPng;
import dev.dgan.api.task.LabelMap;

import java.nio.file.Path;

/** Checks on masks the editor sends and reads: the sample's size, class ids below the class count or void. */
final class MaskFiles {

    private MaskFiles() {
    }

    static LabelMap decode(Path file, byte[] bytes, ImageSize size, int classes) {
        // MaskPng reads from the file; the bytes were read to hash them, and the file is the same
        return MaskPng.read(file, size, classes);
    }

    static void check(LabelMap mask, ImageSize size, int classes) {
        if (mask.width() != size.width() || mask.height() != size.height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + ", expected " + size
                    + " (the sample image)");
        }
        byte[] labels = mask.labels();
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i] & 0xFF;
            if (v >= classes && v != LabelMap.VOID) {
                throw new IllegalArgumentException("mask pixel (" + (i % mask.width()) + ", " + (i / mask.width()) + ") has class id "
                        + v + ", expected below " + classes + " or " + LabelMap.VOID + " (void)");
            }
        }
    }
}
