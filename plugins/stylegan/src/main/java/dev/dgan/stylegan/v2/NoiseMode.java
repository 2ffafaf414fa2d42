package dev.dgan.stylegan.v2;

/** Where the synthesis layers' per-pixel noise comes from. */
public enum NoiseMode {
    /** the checkpoint's fixed {@code noise_const} buffers (deterministic) */
    CONST,
    /** fresh N(0,1) noise from a seeded generator */
    RANDOM,
    /** no noise */
    NONE
}
