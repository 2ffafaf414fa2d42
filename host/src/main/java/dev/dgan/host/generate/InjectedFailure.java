package dev.dgan.host.generate;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fault for testing retries: with {@code -Ddgan.generate.failOnce=SHARD:K:MARKER} (e.g.
 * {@code 1/2:5:/tmp/failed-once}) the run of shard SHARD fails right after logging its K-th
 * sample, once: the failure creates MARKER, and a run that finds MARKER goes on. The samples
 * logged before the failure stay, as after a kill. Without the property nothing happens.
 */
record InjectedFailure(int afterSamples, Path marker) {

    static final String PROPERTY = "dgan.generate.failOnce";
    private static final InjectedFailure NONE = new InjectedFailure(-1, null);

    static InjectedFailure forShard(Shard shard) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) return NONE;
        String[] p = spec.split(":", 3);
        if (p.length != 3) throw new IllegalArgumentException(PROPERTY + ": expected SHARD:K:MARKER, got " + spec);
        if (!Shard.parse(p[0]).equals(shard)) return NONE;
        return new InjectedFailure(Integer.parseInt(p[1].trim()), Path.of(p[2]));
    }

    void afterSample(int logged) throws IOException {
        if (logged != afterSamples || marker == null) return;
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            return; // failed once already: this is the retry
        }
        throw new IOException("injected failure after " + logged + " samples (" + PROPERTY + ")");
    }
}
