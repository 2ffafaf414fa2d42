package dev.dgan.host.dataset;

import dev.dgan.api.io.AtomicFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

/**
 * WebDataset shards: tar files of {@code shardSize} samples each, every sample a group of members
 * sharing its key ({@code 000123.png}, {@code 000123.label.png}, {@code 000123.json}), in key
 * order, as WebDataset's readers and {@code tar} expect. Member times and owners are fixed, so the
 * same samples give the same bytes; each shard is written to a temporary name and renamed.
 */
public final class WebDatasetWriter {

    /** One sample: its key and its members by extension (e.g. "png", "label.png", "json"). */
    public record Sample(String key, Map<String, byte[]> members) {}

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private WebDatasetWriter() {}

    /** Writes {@code samples} into {@code dir}/{@code prefix}-NNNNNN.tar shards; returns the shard files. */
    public static List<Path> write(Path dir, String prefix, List<Sample> samples, int shardSize) throws IOException {
        Files.createDirectories(dir);
        List<Path> shards = new java.util.ArrayList<>();
        for (int first = 0, shard = 0; first < samples.size(); first += shardSize, shard++) {
            List<Sample> part = samples.subList(first, Math.min(samples.size(), first + shardSize));
            Path file = dir.resolve(String.format("%s-%06d.tar", prefix, shard));
            AtomicFiles.write(file, out -> {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(CloseShieldOutputStream.wrap(out), StandardCharsets.UTF_8.name())) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    for (Sample s : part) {
                        for (var m : s.members().entrySet()) {
                            TarArchiveEntry entry = new TarArchiveEntry(s.key() + "." + m.getKey());
                            entry.setSize(m.getValue().length);
                            entry.setMode(0644);
                            entry.setLastModifiedTime(EPOCH);
                            entry.setUserId(0);
                            entry.setGroupId(0);
                            tar.putArchiveEntry(entry);
                            tar.write(m.getValue());
                            tar.closeArchiveEntry();
                        }
                    }
                    tar.finish();
                }
            });
            shards.add(file);
        }
        return shards;
    }
}
