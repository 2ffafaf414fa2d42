package dev.dgan.vqgan;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.checkpoint.StateDicts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a taming-transformers checkpoint holds: a VQGAN first stage and/or a class-conditional
 * transformer. Owns both.
 *
 * <p>Layouts: a Lightning {@code last.ckpt} of a {@code Net2NetTransformer}
 * ({@code state_dict} with {@code first_stage_model.} and {@code transformer.} prefixes;
 * {@code cond_stage_model.} is the parameter-free Labelator and {@code loss.*}, optimizer and
 * callback entries are ignored), of a {@code VQModel} (plain names), a bare GPT state dict, or
 * a {@code .safetensors} with any of those names.
 */
public record VqganModel(Optional<FirstStage> firstStage, Optional<MinGpt> transformer) implements AutoCloseable {

    static final String FIRST_STAGE_PREFIX = "first_stage_model.";
    static final String TRANSFORMER_PREFIX = "transformer.";

    public static VqganModel read(Path checkpoint, VqganConfig config, Device device) throws IOException {
        return StateDicts.read(checkpoint, sd -> fromStateDict(sd, config, checkpoint.toString(), device), "state_dict");
    }

    static VqganModel fromStateDict(Map<String, Tensor> sd, VqganConfig config, String source, Device device) {
        String fsPrefix = has(sd, FIRST_STAGE_PREFIX + "decoder.") ? FIRST_STAGE_PREFIX : has(sd, "decoder.") ? "" : null;
        String gptPrefix = has(sd, TRANSFORMER_PREFIX + "tok_emb.") ? TRANSFORMER_PREFIX : has(sd, "tok_emb.") ? "" : null;
        if (fsPrefix == null && gptPrefix == null) {
            throw new IllegalArgumentException(source + ": neither a VQGAN (decoder.* or first_stage_model.decoder.*) nor a"
                    + " minGPT (tok_emb.weight or transformer.tok_emb.weight); first keys: "
                    + sd.keySet().stream().limit(8).toList());
        }
        FirstStage first = null;
        if (fsPrefix != null) {
            VqConfig fc = config.firstStage().orElseThrow(() -> new IllegalArgumentException(source
                    + ": holds a VQGAN but the config has no first stage (ddconfig, n_embed, embed_dim)"));
            first = FirstStage.fromStateDict(sd, fsPrefix, fc, source, device);
        }
        try {
            MinGpt gpt = null;
            if (gptPrefix != null) {
                int heads = config.nHead().orElseThrow(() -> new IllegalArgumentException(source
                        + ": holds a transformer but the config does not give its n_head"));
                gpt = MinGpt.fromStateDict(sd, gptPrefix, heads, source, device);
                GptConfig read = gpt.config();
                if (config.gptShape().filter(g -> !g.equals(read)).isPresent()) {
                    gpt.close();
                    throw new IllegalArgumentException(source + ": the transformer weights are " + read + " but the config"
                            + " gives " + config.gptShape().get());
                }
                if (first != null && gpt.config().vocabSize() != first.config().nEmbed()) {
                    gpt.close();
                    throw new IllegalArgumentException(source + ": transformer vocabulary " + gpt.config().vocabSize()
                            + " != codebook size " + first.config().nEmbed() + " (class tokens share the code vocabulary)");
                }
            }
            return new VqganModel(Optional.ofNullable(first), Optional.ofNullable(gpt));
        } catch (RuntimeException e) {
            if (first != null) first.close();
            throw e;
        }
    }

    private static boolean has(Map<String, Tensor> sd, String prefix) {
        return sd.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    @Override
    public void close() {
        firstStage.ifPresent(FirstStage::close);
        transformer.ifPresent(MinGpt::close);
    }
}
