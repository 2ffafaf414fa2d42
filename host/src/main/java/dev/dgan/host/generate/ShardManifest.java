package dev.dgan.host.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A shard's commit ({@code manifest[-i-of-n].json}) in a run whose filter is deferred to
 * {@code dgan merge}: written (temporary name, then rename) only once every sample of the
 * shard has its synced metadata line, so a shard without one is unfinished, whatever files
 * it left, and is run again. {@code webdatasetShardSize} is kept for the merge, which writes
 * the run's WebDataset; the run description does not record it.
 */
public record ShardManifest(String format, String shard, int count, int first, int end, int webdatasetShardSize) {

    public static final String FORMAT = "dgan-shard/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static String fileName(Shard shard) {
        return "manifest" + shard.suffix() + ".json";
    }

    /** The manifest bytes of {@code shard} of a run of {@code o}: the same for every attempt. */
    public static byte[] bytes(Shard shard, int count, int webdatasetShardSize) throws IOException {
        return JSON.writeValueAsBytes(new ShardManifest(FORMAT, shard.toString(), count, shard.first(count), shard.end(count), webdatasetShardSize));
    }

    static void commit(Path out, GenerateRun.Options o, int samples) throws IOException {
        if (samples != o.shard().end(o.count()) - o.shard().first(o.count())) throw new IllegalStateException("shard " + o.shard() + " is incomplete");
        AtomicFiles.write(out.resolve(fileName(o.shard())), bytes(o.shard(), o.count(), o.formats().webdatasetShardSize()));
    }

    public static ShardManifest read(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), ShardManifest.class);
    }
}
