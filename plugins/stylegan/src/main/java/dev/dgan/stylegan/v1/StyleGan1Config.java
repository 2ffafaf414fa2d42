package dev.dgan.stylegan.v1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a DatasetGAN StyleGAN1 checkpoint does not carry. DatasetGAN's {@code *.for_g_all.pt}
 * files are bare {@code g_all} state dicts: the resolution can be read from the weights, but
 * the truncation ({@code Truncation(avg_latent, max_layer, threshold)}) and the average latent
 * (an {@code np.save}d array) come from outside.
 *
 * @param resolution    output side in pixels, or 0 to take it from the weights (when given it
 *                      must match them)
 * @param maxLayer      number of leading ws that truncation pulls toward the average latent
 *                      (DatasetGAN: 8 for car and face, 7 for bedroom and cat)
 * @param truncation    default truncation psi ({@code threshold}, DatasetGAN: 0.7); 1 disables it
 * @param averageLatent the average latent {@code .npy} ([1, 18, w_dim] as DatasetGAN saves it),
 *                      if the config names one
 * @param checkpoint    the state dict, if the config names one ({@code stylegan_checkpoint})
 */
public record StyleGan1Config(int resolution, int maxLayer, double truncation, Optional<Path> averageLatent,
                              Optional<Path> checkpoint) {

    /** DatasetGAN's {@code prepare_stylegan}: category -> (resolution, max_layer). */
    static final Map<String, int[]> CATEGORIES = Map.of(
            "car", new int[] {512, 8},
            "face", new int[] {1024, 8},
            "bedroom", new int[] {256, 7},
            "cat", new int[] {256, 7});

    public static final int DEFAULT_MAX_LAYER = 8;
    public static final double DEFAULT_TRUNCATION = 0.7;

    public StyleGan1Config {
        if (resolution != 0 && (resolution < 4 || Integer.bitCount(resolution) != 1)) {
            throw new IllegalArgumentException("resolution: expected a power of two >= 4 (or 0 to read it from the"
                    + " weights), got " + resolution);
        }
        if (maxLayer < 0) throw new IllegalArgumentException("max_layer: expected >= 0, got " + maxLayer);
        if (!(truncation >= 0 && truncation <= 1)) {
            throw new IllegalArgumentException("truncation: expected psi in [0, 1], got " + truncation);
        }
        averageLatent = averageLatent == null ? Optional.empty() : averageLatent;
        checkpoint = checkpoint == null ? Optional.empty() : checkpoint;
    }

    /** DatasetGAN's defaults (max_layer 8, psi 0.7), resolution from the weights, no files. */
    public static StyleGan1Config defaults() {
        return new StyleGan1Config(0, DEFAULT_MAX_LAYER, DEFAULT_TRUNCATION, Optional.empty(), Optional.empty());
    }

    public StyleGan1Config withAverageLatent(Path avg) {
        return new StyleGan1Config(resolution, maxLayer, truncation, Optional.of(avg), checkpoint);
    }

    public StyleGan1Config withTruncation(int maxLayer, double psi) {
        return new StyleGan1Config(resolution, maxLayer, psi, averageLatent, checkpoint);
    }

    /**
     * Reads a config JSON. Either this project's fields or a DatasetGAN experiment JSON
     * ({@code experiments/*.json}) work; unknown fields are ignored:
     * <ul>
     *   <li>{@code resolution} (int), {@code max_layer} (int), {@code truncation} or
     *       {@code threshold} (number, psi);</li>
     *   <li>{@code category} (car, face, bedroom, cat): resolution and max_layer as DatasetGAN's
     *       {@code prepare_stylegan} sets them, unless given explicitly;</li>
     *   <li>{@code average_latent} or {@code avg_latent}, {@code stylegan_checkpoint}: paths,
     *       relative ones resolved against the JSON file's folder;</li>
     *   <li>{@code stylegan_ver}, if present, must be "1".</li>
     * </ul>
     * Errors name the file and the field.
     */
    public static StyleGan1Config parse(Path json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(json));
        } catch (JsonProcessingException e) {
            throw new IOException(json + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(json + ": expected a JSON object");
        Path dir = json.toAbsolutePath().getParent();

        JsonNode ver = root.get("stylegan_ver");
        if (ver != null && !ver.asText().equals("1")) {
            throw new IOException(json + ": stylegan_ver: this reader is for StyleGAN1 (\"1\"), got " + ver);
        }
        int resolution = 0, maxLayer = DEFAULT_MAX_LAYER;
        JsonNode category = root.get("category");
        if (category != null) {
            int[] known = CATEGORIES.get(category.asText());
            if (known != null) {
                resolution = known[0];
                maxLayer = known[1];
            } else if (!root.has("resolution") || !root.has("max_layer")) {
                throw new IOException(json + ": category: DatasetGAN knows " + CATEGORIES.keySet() + ", got "
                        + category + "; give resolution and max_layer explicitly");
            }
        }
        resolution = intField(json, root, "resolution", resolution);
        maxLayer = intField(json, root, "max_layer", maxLayer);
        double psi = DEFAULT_TRUNCATION;
        if (root.has("truncation") && root.has("threshold")) {
            throw new IOException(json + ": truncation: give either truncation or threshold, not both");
        }
        for (String name : new String[] {"truncation", "threshold"}) {
            JsonNode n = root.get(name);
            if (n == null) continue;
            if (!n.isNumber()) throw new IOException(json + ": " + name + ": expected a number (psi), got " + n);
            psi = n.asDouble();
        }
        Optional<Path> avg = pathField(json, dir, root, "average_latent");
        if (avg.isEmpty()) avg = pathField(json, dir, root, "avg_latent");
        Optional<Path> checkpoint = pathField(json, dir, root, "stylegan_checkpoint");
        try {
            return new StyleGan1Config(resolution, maxLayer, psi, avg, checkpoint);
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": " + e.getMessage(), e);
        }
    }

    private static int intField(Path json, JsonNode root, String name, int fallback) throws IOException {
        JsonNode n = root.get(name);
        if (n == null) return fallback;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IOException(json + ": " + name + ": expected an integer, got " + n);
        }
        return n.intValue();
    }

    private static Optional<Path> pathField(Path json, Path dir, JsonNode root, String name) throws IOException {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new IOException(json + ": " + name + ": expected a file path, got " + n);
        }
        Path p = Path.of(n.asText());
        return Optional.of(p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize());
    }
}
