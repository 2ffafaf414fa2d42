package dev.dgan.api;

import java.util.OptionalInt;

/**
 * Who a sample is, from the request that draws it to the files that hold it: its index in the
 * run (file names, metadata lines), the seed its latent is drawn from, and its class for
 * class-conditional backbones.
 */
public record SampleId(int index, long seed, OptionalInt classId) {

    public SampleId {
        if (index < 0) throw new IllegalArgumentException("sample index must be >= 0, got " + index);
        classId = classId == null ? OptionalInt.empty() : classId;
    }

    public static SampleId unconditional(int index, long seed) {
        return new SampleId(index, seed, OptionalInt.empty());
    }
}
