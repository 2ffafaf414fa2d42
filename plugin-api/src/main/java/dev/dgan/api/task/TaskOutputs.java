package dev.dgan.api.task;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a task writes for each generated sample besides its image: label files, previews and
 * the sample's metadata fields. The host names the files (one per folder and sample, see
 * {@link SampleFolder}), writes them atomically, moves them with the image when the filter
 * drops the sample, and makes the COCO document from {@link #coco()}.
 */
public interface TaskOutputs {

    /** The folders (with their file extension) each sample gets one file in, besides {@code image/}. */
    List<Folder> folders();

    /**
     * Writes {@code sample}'s files into {@code folder} and returns the fields its metadata line
     * gets after the host's own (index, seed, class, truncation, uncertainty, image), in order.
     * Values are strings, numbers, booleans, lists and maps of them.
     */
    Map<String, Object> write(LabeledSample sample, SampleFolder folder) throws IOException;

    /** How the kept samples appear in {@code coco.json}; by default they do not, and no COCO file is written. */
    default CocoForm coco() {
        return new CocoForm.None();
    }

    /** A dataset folder, as {@code label} with extension {@code png}. */
    record Folder(String name, String extension) {
        public Folder {
            if (!name.matches("[a-z][a-z0-9_-]*") || name.equals("image") || name.equals("filtered"))
                throw new IllegalArgumentException("task output folder '" + name + "': expected a lower-case name other than image and filtered");
            if (!extension.matches("[a-z0-9]+")) throw new IllegalArgumentException("task output folder " + name + ": bad extension '" + extension + "'");
        }
    }
}
