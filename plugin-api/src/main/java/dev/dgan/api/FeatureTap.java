package dev.dgan.api;

/**
 * One feature map a backbone exposes.
 *
 * @param name       stable name, also the tensor name in saved feature files
 * @param channels   channels of the map
 * @param resolution side of the (square) map in pixels
 */
public record FeatureTap(String name, int channels, int resolution) {

    /**
     * Name of the tap a class-conditional backbone gives its class embedding under,
     * [N, dim, 1, 1]: interpreters with class-conditional normalisation read it.
     */
    public static final String CLASS_EMBEDDING = "class.embedding";
}
