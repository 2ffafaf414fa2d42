package dev.dgan.host.sample;

import java.util.List;

/**
 * manifest.json of a {@code dgan sample} run: what produced the samples and where each one's
 * image, latent row and features are. {@code dgan train} reads it to pair annotations with
 * latents. Field names are the JSON names.
 */
public record SampleManifest(String format, Backbone backbone, double truncation, Long firstSeed,
                             String latents, String latentKind, List<Sample> samples) {

    public static final String FORMAT = "dgan-samples/1";

    /** The backbone and checkpoint the samples came from. */
    public record Backbone(String name, String variant, String checkpoint, String checkpointSha256,
                           String config, int resolution, int zDim, int wDim, int numWs, List<String> taps) {
    }

    /**
     * One sample. {@code seed} is null when the latent was given rather than drawn;
     * {@code classId} is null for unconditional backbones; {@code features} is null unless
     * features were saved; {@code source} is the image a sample was encoded from
     * ({@code --images}), null otherwise.
     */
    public record Sample(int index, Long seed, Integer classId, String image, int latentRow, String features,
                         String source) {
    }
}
