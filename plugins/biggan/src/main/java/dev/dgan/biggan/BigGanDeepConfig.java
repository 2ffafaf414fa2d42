package dev.dgan.biggan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The constructor arguments of a BigGAN-deep generator, as in the huggingface
 * {@code BigGANConfig} JSON ({@code config.json} next to {@code pytorch_model.bin}).
 * {@code output_dim} and {@code class_embed_dim} are not used by the network and are ignored.
 *
 * @param zDim                   size of z; the class embedding has the same size, so the
 *                               condition vector is {@code 2 * zDim}
 * @param numClasses             number of class labels
 * @param channelWidth           channel multiplier {@code ch}
 * @param layers                 the GenBlocks: upsampling flag and in/out channel multipliers
 * @param attentionLayerPosition index in {@code layers} before which the self-attention block sits
 * @param eps                    batch-norm (and spectral-norm) epsilon
 * @param nStats                 rows of precomputed batch-norm statistics, one per truncation step
 */
public record BigGanDeepConfig(int zDim, int numClasses, int channelWidth, List<Layer> layers,
                               int attentionLayerPosition, double eps, int nStats) {

    /** One GenBlock: {@code up} doubles the resolution; channels are {@code ch * in -> ch * out}. */
    public record Layer(boolean up, int in, int out) {
    }

    public BigGanDeepConfig {
        layers = List.copyOf(layers);
        if (zDim <= 0) throw new IllegalArgumentException("z_dim must be positive, got " + zDim);
        if (numClasses <= 0) throw new IllegalArgumentException("num_classes must be positive, got " + numClasses);
        if (channelWidth <= 0) throw new IllegalArgumentException("channel_width must be positive, got " + channelWidth);
        if (layers.isEmpty()) throw new IllegalArgumentException("layers must not be empty");
        if (nStats < 2) throw new IllegalArgumentException("n_stats must be at least 2, got " + nStats);
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be positive, got " + eps);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l.in() <= 0 || l.out() <= 0) {
                throw new IllegalArgumentException("layers[" + i + "]: channel multipliers must be positive, got " + l);
            }
            if (l.in() != l.out() && l.in() != 2 * l.out()) {
                throw new IllegalArgumentException("layers[" + i + "]: a GenBlock either keeps its channels or halves"
                        + " them, got " + l.in() + " -> " + l.out());
            }
            if (i > 0 && layers.get(i - 1).out() != l.in()) {
                throw new IllegalArgumentException("layers[" + i + "]: input multiplier " + l.in()
                        + " does not match the previous output " + layers.get(i - 1).out());
            }
            if (channelWidth * l.in() % 4 != 0) {
                throw new IllegalArgumentException("layers[" + i + "]: " + channelWidth * l.in()
                        + " input channels are not divisible by the reduction factor 4");
            }
        }
        if (layers.get(0).in() != 16) {
            throw new IllegalArgumentException("layers[0]: gen_z produces 16 * channel_width channels, so the first"
                    + " layer's input multiplier must be 16, got " + layers.get(0).in());
        }
        if (attentionLayerPosition >= 0 && attentionLayerPosition < layers.size()) {
            int c = channelWidth * layers.get(attentionLayerPosition).in();
            if (c % 8 != 0) {
                throw new IllegalArgumentException("attention_layer_position " + attentionLayerPosition + ": " + c
                        + " channels are not divisible by 8");
            }
        }
    }

    public static BigGanDeepConfig fromJson(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a {@code BigGANConfig} object (or a wrapper with a {@code BigGANConfig} field). */
    public static BigGanDeepConfig fromJson(JsonNode root) {
        JsonNode n = root.has("BigGANConfig") ? root.get("BigGANConfig") : root;
        JsonNode layersNode = required(n, "layers");
        if (!layersNode.isArray()) throw new IllegalArgumentException("layers: expected an array of [up, in, out]");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < layersNode.size(); i++) {
            JsonNode l = layersNode.get(i);
            if (!l.isArray() || l.size() != 3 || !l.get(0).isBoolean() || !l.get(1).isInt() || !l.get(2).isInt()) {
                throw new IllegalArgumentException("layers[" + i + "]: expected [up (bool), in (int), out (int)], got " + l);
            }
            layers.add(new Layer(l.get(0).booleanValue(), l.get(1).intValue(), l.get(2).intValue()));
        }
        return new BigGanDeepConfig(intField(n, "z_dim"), intField(n, "num_classes"), intField(n, "channel_width"),
                layers, intField(n, "attention_layer_position"), required(n, "eps").asDouble(),
                n.has("n_stats") ? intField(n, "n_stats") : 51);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing field " + field);
        return v;
    }

    private static int intField(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isInt()) throw new IllegalArgumentException(field + ": expected an integer, got " + v);
        return v.intValue();
    }

    /** Size of the condition vector {@code cat(z, embed)}. */
    public int condDim() {
        return 2 * zDim;
    }

    /** Output of {@code gen_z}: 4 * 4 * 16 * ch. */
    public int genZFeatures() {
        return 4 * 4 * 16 * channelWidth;
    }

    /** Output image side: 4 doubled once per upsampling layer. */
    public int resolution() {
        int r = 4;
        for (Layer l : layers) if (l.up()) r *= 2;
        return r;
    }

    /** Whether {@code generator.layers} contains the self-attention block. */
    public boolean hasAttention() {
        return attentionLayerPosition >= 0 && attentionLayerPosition < layers.size();
    }

    /** Number of modules in {@code generator.layers}: the GenBlocks plus the attention block. */
    public int moduleCount() {
        return layers.size() + (hasAttention() ? 1 : 0);
    }

    /** Index in {@code generator.layers} of the self-attention block, or -1. */
    public int attentionModuleIndex() {
        return hasAttention() ? attentionLayerPosition : -1;
    }

    /** The GenBlock at module index {@code module} (not the attention block). */
    public Layer blockAt(int module) {
        if (module == attentionModuleIndex()) throw new IllegalArgumentException("module " + module + " is the attention block");
        return layers.get(hasAttention() && module > attentionLayerPosition ? module - 1 : module);
    }

    /** Channels of the output of module {@code module}. */
    public int moduleChannels(int module) {
        if (module == attentionModuleIndex()) return channelWidth * layers.get(attentionLayerPosition).in();
        return channelWidth * blockAt(module).out();
    }

    /** Resolution of the output of module {@code module}. */
    public int moduleResolution(int module) {
        int r = 4;
        for (int i = 0; i <= module; i++) {
            if (i != attentionModuleIndex() && blockAt(i).up()) r *= 2;
        }
        return r;
    }
}
