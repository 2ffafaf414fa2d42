package dev.dgan.stylegan.v1;

import dev.dgan.runtime.Tensor;

import java.util.Map;

/**
 * The per-pixel noise StyleGAN1 adds before every activation. The reference {@code NoiseLayer}
 * draws fresh {@code randn} on every call unless its {@code .noise} attribute is set; here the
 * noise is always chosen explicitly, so a sample's image and feature maps are reproducible.
 *
 * <p>Noise layers are named by their module path in the reference model,
 * {@code g_synthesis.blocks.{R}x{R}.epi{1,2}.top_epi.noise}, listed by
 * {@link StyleGan1Generator#noiseLayers()}; each takes a map of shape [1 or N, 1, R, R].
 */
public sealed interface StyleGan1Noise {

    /**
     * Given maps per noise layer (borrowed, any device, shape [1, 1, R, R] broadcast over the
     * batch or [N, 1, R, R]); every layer must be present. This is how the reference's fixed
     * {@code module.noise} works.
     */
    record Fixed(Map<String, Tensor> maps) implements StyleGan1Noise {
        public Fixed {
            maps = Map.copyOf(maps);
        }
    }

    /**
     * Standard normal noise drawn per sample from its own seed: sample {@code i} uses a CPU
     * generator seeded with {@link #noiseSeed(long) noiseSeed(seeds[i])} and draws one [1, 1, R, R]
     * map per noise layer in layer order. A sample's noise depends only on its seed, never on
     * the batch or the device.
     */
    record Seeded(long[] seeds) implements StyleGan1Noise {
        public Seeded {
            seeds = seeds.clone();
        }

        @Override
        public long[] seeds() {
            return seeds.clone();
        }
    }

    /**
     * Seeded noise whose per-sample seed is a hash of that sample's input latent (its z, w or ws
     * values as float bits). Used when the caller gives no noise: the same latent always gets the
     * same noise, and so does a latent drawn from the same seed.
     */
    record FromLatents() implements StyleGan1Noise {
    }

    /** No noise (zero maps): StyleGAN's "noise_mode=const" without stored constants. */
    record None() implements StyleGan1Noise {
    }

    StyleGan1Noise FROM_LATENTS = new FromLatents();
    StyleGan1Noise NONE = new None();

    /** The generator seed for a sample seed: kept apart from the seed that draws its z. */
    static long noiseSeed(long sampleSeed) {
        long z = sampleSeed + 0x6E6F697365L; // "noise"
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
