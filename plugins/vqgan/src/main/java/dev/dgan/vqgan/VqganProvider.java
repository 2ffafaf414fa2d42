package dev.dgan.vqgan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@code --backbone vqgan}: taming-transformers' VQGAN with its class-conditional transformer. */
public final class VqganProvider implements BackboneProvider {

    @Override
    public String name() {
        return VqganBackbone.NAME;
    }

    @Override
    public String description() {
        return "VQGAN (taming-transformers): Lightning last.ckpt of a VQModel or Net2NetTransformer, or .safetensors,"
                + " + the run's model YAML (or config.json); latents are code grids (codes [N, h, w] int64 + c)";
    }

    @Override
    public Backbone load(BackboneSource source, Device device) throws IOException {
        return VqganCheckpoints.load(source, device);
    }

    /**
     * A combined checkpoint (first stage with its encoder, plus the class-conditional transformer
     * when the config gives its full shape) in the Net2NetTransformer layout, from
     * {@link VqganRandomWeights}; {@code config} is a taming YAML or a config.json.
     */
    @Override
    public void writeRandomCheckpoint(Path config, long seed, Path out) throws IOException {
        VqganConfig c = VqganConfig.read(config);
        VqConfig first = c.firstStage().orElseThrow(() -> new IllegalArgumentException(config + ": random weights need the"
                + " first stage's shape: 'ddconfig', 'n_embed' and 'embed_dim' (or model.params.first_stage_config)"));
        if (c.nHead().isPresent() && c.gptShape().isEmpty()) {
            throw new IllegalArgumentException(config + ": random transformer weights need every GPT argument: vocab_size,"
                    + " block_size, n_layer, n_head and n_embd (only n_head is given)");
        }
        Optional<GptConfig> gpt = c.gptShape();
        if (gpt.isPresent() && gpt.get().vocabSize() != first.nEmbed()) {
            throw new IllegalArgumentException(config + ": vocab_size " + gpt.get().vocabSize() + " must equal n_embed "
                    + first.nEmbed() + " (class tokens share the code vocabulary)");
        }
        Map<String, Tensor> sd = VqganRandomWeights.stateDict(first, gpt, seed);
        try {
            SafetensorsWriter.write(out, TensorData.of(sd), Map.of("format", "pt"));
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
