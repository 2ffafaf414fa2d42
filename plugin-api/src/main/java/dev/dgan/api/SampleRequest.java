package dev.dgan.api;

import java.util.Optional;

/**
 * What to draw: one latent per seed; for class-conditional backbones one class id per seed.
 *
 * @param seeds      one seed per sample
 * @param classIds   one class id per sample, or empty for unconditional backbones
 * @param truncation truncation psi for backbones that truncate when drawing z (BigGAN)
 */
public record SampleRequest(long[] seeds, Optional<int[]> classIds, double truncation) {

    public SampleRequest {
        if (seeds == null || seeds.length == 0) throw new IllegalArgumentException("at least one seed is required");
        classIds = classIds == null ? Optional.empty() : classIds;
        classIds.ifPresent(ids -> {
            if (ids.length != seeds.length) {
                throw new IllegalArgumentException("class ids: expected one per seed (" + seeds.length + "), got " + ids.length);
            }
        });
    }

    public static SampleRequest unconditional(long[] seeds, double truncation) {
        return new SampleRequest(seeds, Optional.empty(), truncation);
    }

    public int count() {
        return seeds.length;
    }
}
