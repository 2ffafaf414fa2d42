package dev.dgan.host.evaluate;

import java.io.IOException;
import java.util.List;

/** An indexed collection of labeled images on disk, decoded on request. */
public interface LabeledSource {

    /** What the source is, for messages and reports (a path and a layout). */
    String describe();

    int size();

    LabeledImage load(int index) throws IOException;

    /** Class names the source declares (classes.txt, COCO categories), id order; empty when it declares none. */
    List<String> classNames();
}
