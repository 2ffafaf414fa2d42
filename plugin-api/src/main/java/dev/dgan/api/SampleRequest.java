package dev.dgan.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to draw: one latent per sample, from its seed (and class, for class-conditional
 * backbones), at one truncation. The truncation travels with the drawn {@link Latents} to
 * {@link Backbone#synthesize}: each backbone applies it where its model does (StyleGAN in
 * latent space, BigGAN when drawing z and, for BigGAN-deep, in its batch-norm statistics).
 *
 * @param samples    the samples, in batch order; either all or none have a class
 * @param truncation truncation psi, 1 for none
 */
public record SampleRequest(List<SampleId> samples, double truncation) {

    public SampleRequest {
        if (samples == null || samples.isEmpty()) throw new IllegalArgumentException("at least one sample is required");
        samples = List.copyOf(samples);
        long classed = samples.stream().filter(s -> s.classId().isPresent()).count();
        if (classed != 0 && classed != samples.size())
            throw new IllegalArgumentException("class ids: expected one per sample (" + samples.size() + ") or none, got " + classed);
        if (!(truncation >= 0) || Double.isInfinite(truncation))
            throw new IllegalArgumentException("truncation psi must be a finite number >= 0, got " + truncation);
    }

    /** Samples numbered 0.. in seed order, with classes when {@code classIds} is present. */
    public SampleRequest(long[] seeds, Optional<int[]> classIds, double truncation) {
        this(numbered(seeds, classIds), truncation);
    }

    public static SampleRequest unconditional(long[] seeds, double truncation) {
        return new SampleRequest(seeds, Optional.empty(), truncation);
    }

    private static List<SampleId> numbered(long[] seeds, Optional<int[]> classIds) {
        if (seeds == null || seeds.length == 0) throw new IllegalArgumentException("at least one seed is required");
        int[] ids = classIds == null ? null : classIds.orElse(null);
        if (ids != null && ids.length != seeds.length)
            throw new IllegalArgumentException("class ids: expected one per seed (" + seeds.length + "), got " + ids.length);
        SampleId[] out = new SampleId[seeds.length];
        for (int i = 0; i < seeds.length; i++)
            out[i] = new SampleId(i, seeds[i], ids == null ? OptionalInt.empty() : OptionalInt.of(ids[i]));
        return List.of(out);
    }

    public int count() {
        return samples.size();
    }

    /** Each sample's seed, in batch order. */
    public long[] seeds() {
        return samples.stream().mapToLong(SampleId::seed).toArray();
    }

    /** Each sample's class id in batch order, or empty when the samples have none. */
    public Optional<int[]> classIds() {
        if (samples.getFirst().classId().isEmpty()) return Optional.empty();
        return Optional.of(samples.stream().mapToInt(s -> s.classId().getAsInt()).toArray());
    }
}
