package dev.dgan.host.generate;

import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.host.io.ImageFiles;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where sample {@code index}'s files live in a dataset directory (and in its filtered/ part):
 * {@code image/NNNNNN.png} and one file in each of the task's folders.
 */
public record SampleFiles(int index, List<TaskOutputs.Folder> folders) {

    public static final String FILTERED = "filtered";
    public static final String IMAGE = "image";

    public SampleFiles {
        folders = List.copyOf(folders);
    }

    public String image() {
        return IMAGE + "/" + name("png");
    }

    private String name(String ext) {
        return String.format("%06d.%s", index, ext);
    }

    /** Every file this sample may have, relative to the dataset directory. */
    public List<String> all() {
        List<String> all = new ArrayList<>();
        all.add(image());
        for (TaskOutputs.Folder f : folders) all.add(f.name() + "/" + name(f.extension()));
        return all;
    }

    /** The sample's files as the task writes them: into {@code dir}, atomically. */
    SampleFolder in(Path dir) {
        return new Writer(dir);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final class Writer implements SampleFolder {
        private final Path dir;

        Writer(Path dir) {
            this.dir = dir;
        }

        @Override
        public String path(String folder) {
            for (TaskOutputs.Folder f : folders) if (f.name().equals(folder)) return f.name() + "/" + name(f.extension());
            throw new IllegalArgumentException("task output folder '" + folder + "' is not among the task's declared folders "
                    + folders.stream().map(TaskOutputs.Folder::name).toList());
        }

        @Override
        public void writePng(String folder, BufferedImage image) throws IOException {
            ImageFiles.writePng(dir.resolve(path(folder)), image);
        }

        @Override
        public void writeJson(String folder, Object value) throws IOException {
            AtomicFiles.write(dir.resolve(path(folder)), os -> JSON.writerWithDefaultPrettyPrinter().writeValue(os, value));
        }
    }

    /** A sample file's path as it was before the filter moved it (unchanged for a kept one). */
    public static String unfiltered(String relative) {
        return relative.startsWith(FILTERED + "/") ? relative.substring(FILTERED.length() + 1) : relative;
    }

    public static Path filtered(Path dir, String relative) {
        return dir.resolve(FILTERED).resolve(relative);
    }
}
