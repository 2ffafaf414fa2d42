package dev.dgan.biggan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;

import java.io.IOException;

/** {@code --backbone biggan-deep}: huggingface pytorch-pretrained-BigGAN checkpoints. */
public final class BigGanDeepProvider implements BackboneProvider {

    @Override
    public String name() {
        return BigGanDeepBackbone.NAME;
    }

    @Override
    public String description() {
        return "BigGAN-deep (huggingface pytorch-pretrained-BigGAN): pytorch_model.bin or .safetensors + config.json"
                + " (--config, or next to the checkpoint)";
    }

    @Override
    public Backbone load(BackboneSource source, Device device) throws IOException {
        return BigGanDeepCheckpoints.load(source, device);
    }
}
