package dev.dgan.host.annotate;

import dev.dgan.api.task.Annotation;

import java.nio.file.Path;

/**
 * One annotated sample: its index in the sample run, the seed it was drawn from (null when the
 * latent was given rather than drawn), the class it was drawn for (null for unconditional
 * backbones and listings that do not record it), its row in the latents file (not checked
 * against that file here), its image and what was marked on it.
 */
public record AnnotatedSample(int index, Long seed, Integer classId, int latentRow, Path imageFile, Annotation annotation) {

    /** A sample of an unconditional backbone. */
    public AnnotatedSample(int index, Long seed, int latentRow, Path imageFile, Annotation annotation) {
        this(index, seed, null, latentRow, imageFile, annotation);
    }
}
