package dev.dgan.vqgan;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;

import java.util.Map;
import java.util.Optional;

/**
 * taming's {@code VQModel} without its training loss: codebook, decoder side and, when the
 * checkpoint has it, the encoder side. Owns its weights.
 */
public final class FirstStage implements AutoCloseable {

    private final VqConfig config;
    private final Weights decodeWeights;
    private final Weights encodeWeights;
    private final VectorQuantizer quantizer;
    private final VqDecoder decoder;
    private final VqEncoder encoder;

    private FirstStage(VqConfig config, Weights decodeWeights, Weights encodeWeights) {
        this.config = config;
        this.decodeWeights = decodeWeights;
        this.encodeWeights = encodeWeights;
        this.quantizer = new VectorQuantizer(config, decodeWeights);
        this.decoder = new VqDecoder(config, decodeWeights);
        this.encoder = encodeWeights == null ? null : new VqEncoder(config, encodeWeights);
    }

    /**
     * The VQModel under {@code prefix} in {@code stateDict} (borrowed). The encoder is read when
     * {@code encoder.conv_in.weight} is there (then all of it must be); {@code loss.*} and
     * anything else is ignored.
     */
    static FirstStage fromStateDict(Map<String, Tensor> stateDict, String prefix, VqConfig config, String source,
                                    Device device) {
        Weights dec = Weights.copy(stateDict, prefix, WeightShapes.decoder(config), source, "VQGAN decoder", device);
        try {
            Weights enc = stateDict.containsKey(prefix + "encoder.conv_in.weight")
                    ? Weights.copy(stateDict, prefix, WeightShapes.encoder(config), source, "VQGAN encoder", device)
                    : null;
            return new FirstStage(config, dec, enc);
        } catch (RuntimeException e) {
            dec.close();
            throw e;
        }
    }

    public VqConfig config() {
        return config;
    }

    public Device device() {
        return decodeWeights.device();
    }

    public boolean hasEncoder() {
        return encoder != null;
    }

    /** Images [N, out_ch, H, W] for int64 codes [N, h, w]: codebook rows, post_quant_conv, decoder. */
    public Tensor decodeCodes(Tensor codes, Trace trace) {
        try (Tensor zq = quantizer.lookup(codes)) {
            trace.accept("z_q", zq);
            return decoder.decode(zq, trace);
        }
    }

    /** Images for a quantized latent [N, embed_dim, h, w]. */
    public Tensor decode(Tensor zq, Trace trace) {
        return decoder.decode(zq, trace);
    }

    /** {@code VQModel.encode}: the encoder, quant_conv and the quantizer; traces {@code enc.*} and {@code z}. */
    public VectorQuantizer.Quantized encode(Tensor images, Trace trace) {
        VqEncoder e = Optional.ofNullable(encoder).orElseThrow(() -> new IllegalStateException(
                "this checkpoint has no encoder (decoder-only VQGAN weights)"));
        try (Tensor z = e.encode(images, trace)) {
            trace.accept("z", z);
            return quantizer.quantize(z);
        }
    }

    @Override
    public void close() {
        decodeWeights.close();
        if (encodeWeights != null) encodeWeights.close();
    }
}
