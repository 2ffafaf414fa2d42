package dev.dgan.host.annotate;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Annotations label the images one checkpoint rendered from the listed latents. Another
 * checkpoint renders other images (and other features) from the same latents, so training on it
 * pairs every label with the wrong picture, silently. The manifest records the checkpoint's
 * SHA-256 for this check; the demo bundle's listing records none, and is not checked.
 */
public final class CheckpointMatch {

    private CheckpointMatch() {
    }

    /**
     * @param annotations the annotation folder
     * @param recorded    what its manifest records (null when the listing names no backbone)
     * @param checkpoint  the checkpoint training would use, and its SHA-256 (hex)
     * @throws IllegalArgumentException naming both files and both hashes when they differ
     */
    public static void require(Path annotations, SourceBackbone recorded, Path checkpoint, String sha256) {
        if (recorded == null || recorded.checkpointSha256() == null) return;
        String expected = recorded.checkpointSha256().toLowerCase(Locale.ROOT);
        if (expected.equals(sha256.toLowerCase(Locale.ROOT))) return;
        throw new IllegalArgumentException("checkpoint " + checkpoint + " (SHA-256 " + sha256 + ") is not the one the annotated samples"
                + " were drawn from: " + annotations.resolve(SampleListing.MANIFEST) + " field backbone.checkpointSha256 records "
                + expected + " (" + recorded.checkpoint() + "); the annotations label what that checkpoint renders, so train with it"
                + " (--checkpoint), or sample and annotate again with this one");
    }
}
