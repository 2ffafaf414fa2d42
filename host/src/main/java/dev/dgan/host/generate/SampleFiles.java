package dev.dgan.host.generate;

import java.nio.file.Path;
import java.util.List;

/** Where sample {@code index}'s files live in a dataset directory (and in its filtered/ part). */
public record SampleFiles(int index) {

    public static final String FILTERED = "filtered";

    public String image() {
        return "image/" + name("png");
    }

    public String label() {
        return "label/" + name("png");
    }

    public String overlay() {
        return "overlay/" + name("png");
    }

    public String keypoints() {
        return "keypoints/" + name("json");
    }

    private String name(String ext) {
        return String.format("%06d.%s", index, ext);
    }

    /** Every file this sample may have, relative to the dataset directory. */
    public List<String> all() {
        return List.of(image(), label(), overlay(), keypoints());
    }

    public static Path filtered(Path dir, String relative) {
        return dir.resolve(FILTERED).resolve(relative);
    }
}
