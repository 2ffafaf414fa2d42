package dev.dgan.host.annotate;

import dev.dgan.api.task.Annotation;

import java.nio.file.Path;

/**
 * One annotated sample: its index in the sample run, the seed it was drawn from (null when the
 * latent was given rather than drawn), its row in the latents file (not checked against that
 * file here), its image and what was marked on it.
 */
public record AnnotatedSample(int index, Long seed, int latentRow, Path imageFile, Annotation annotation) {
}
