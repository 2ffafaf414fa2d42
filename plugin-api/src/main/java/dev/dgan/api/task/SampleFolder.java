package dev.dgan.api.task;

import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * The files of one sample in a dataset folder, written by the host (atomically, in its own
 * PNG and JSON settings) so every task's files survive a killed run the same way. A task names
 * one of its {@link TaskOutputs#folders()}; the host picks the file name.
 */
public interface SampleFolder {

    /** The sample's file in {@code folder}, relative to the dataset: "label/000012.png". */
    String path(String folder);

    void writePng(String folder, BufferedImage image) throws IOException;

    /** Writes {@code value} (maps, lists, strings, numbers) as indented JSON. */
    void writeJson(String folder, Object value) throws IOException;
}
