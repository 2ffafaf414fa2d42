package dev.dgan.host.generate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a run writes besides the sample files ({@code --format}): {@code png} (the per-sample files
 * and {@code metadata.jsonl}, always), {@code coco} (semantic: one annotation per class and image,
 * or keypoints), {@code coco-instances} (one annotation per connected object), {@code webdataset}
 * (tar shards of kept samples) and {@code hf} (the metadata as Hugging Face's imagefolder reads it;
 * {@code metadata.jsonl} always carries {@code file_name} and {@code kept}, so this names it).
 *
 * @param webdatasetShardSize samples per WebDataset tar
 */
public record DatasetFormats(Set<String> names, int webdatasetShardSize) {

    public static final List<String> KNOWN = List.of("png", "coco", "coco-instances", "webdataset", "hf");
    public static final DatasetFormats PNG = new DatasetFormats(Set.of("png"), 1000);

    public DatasetFormats {
        names = Set.copyOf(names);
        if (webdatasetShardSize < 1) throw new IllegalArgumentException("--webdataset-shard-size must be positive, got " + webdatasetShardSize);
    }

    /** From {@code --format}'s comma list (png is implied); unknown names are one-line errors. */
    public static DatasetFormats parse(List<String> requested, int webdatasetShardSize) {
        Set<String> names = new LinkedHashSet<>(List.of("png"));
        for (String f : requested) {
            String name = f.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) throw new IllegalArgumentException("--format: expected some of " + String.join(", ", KNOWN) + ", got '" + f + "'");
            names.add(name);
        }
        return new DatasetFormats(names, webdatasetShardSize);
    }

    public boolean coco() {
        return names.contains("coco");
    }

    public boolean cocoInstances() {
        return names.contains("coco-instances");
    }

    public boolean webdataset() {
        return names.contains("webdataset");
    }

    /** In {@link #KNOWN}'s order, for the run description. */
    public List<String> list() {
        List<String> out = new ArrayList<>();
        for (String k : KNOWN) if (names.contains(k)) out.add(k);
        return out;
    }
}
