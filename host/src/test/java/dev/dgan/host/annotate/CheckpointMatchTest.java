package dev.dgan.host.annotate;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CheckpointMatchTest {

    private static final Path ANNOTATIONS = Path.of("ann");
    private static final SourceBackbone RECORDED = new SourceBackbone("stylegan2", "/models/a.pkl", null, "AB12");

    @Test
    void annotationsMadeOnAnotherCheckpointAreRefusedNamingBothFilesAndHashes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointMatch.require(ANNOTATIONS, RECORDED, Path.of("/models/b.pkl"), "cd34"));
        assertEquals("checkpoint /models/b.pkl (SHA-256 cd34) is not the one the annotated samples were drawn from: "
                + Path.of("ann", "manifest.json") + " field backbone.checkpointSha256 records ab12 (/models/a.pkl); the annotations"
                + " label what that checkpoint renders, so train with it (--checkpoint), or sample and annotate again with this one",
                e.getMessage());
    }

    @Test
    void theSameCheckpointOrNoRecordPasses() {
        CheckpointMatch.require(ANNOTATIONS, RECORDED, Path.of("/elsewhere/copy-of-a.pkl"), "ab12"); // moved, same bytes
        CheckpointMatch.require(ANNOTATIONS, null, Path.of("/models/b.pkl"), "cd34"); // the demo bundle records no backbone
        CheckpointMatch.require(ANNOTATIONS, new SourceBackbone("stylegan2", "/models/a.pkl", null, null), Path.of("/models/b.pkl"), "cd34");
    }
}
