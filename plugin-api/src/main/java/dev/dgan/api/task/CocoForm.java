package dev.dgan.api.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a task's kept samples appear in {@code coco.json}. A closed set: these are the COCO
 * annotation types the host writes. Each form reads a kept sample back from what the task
 * wrote (its files and metadata fields), so the document can be made again after a killed run.
 */
public sealed interface CocoForm {

    /** Not in COCO: the run writes no {@code coco.json}. */
    record None() implements CocoForm {}

    /**
     * Per-pixel class maps, written as run-length-encoded masks, one per class present. When
     * {@code labels} are background and one foreground class and the run is class-conditional,
     * the foreground is filed under the class the sample was drawn for.
     */
    record ClassMaps(SampleReader<LabelMap> read) implements CocoForm {}

    /** One object per sample with named keypoints, in COCO keypoints form. */
    record Keypoints(SampleReader<KeypointSet> read) implements CocoForm {}

    /** A written sample read back: {@code metadata} is its metadata line as a map. */
    interface SampleReader<A extends Annotation> {
        A read(Path dataset, Map<String, Object> metadata) throws IOException;
    }
}
