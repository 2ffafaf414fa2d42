package dev.dgan.biggan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;

import java.io.IOException;

/** {@code --backbone biggan}: Brock's BigGAN-PyTorch generator as BigDatasetGAN uses it (e.g. biggan-512.pth). */
public final class BigGan512Provider implements BackboneProvider {

    @Override
    public String name() {
        return BigGan512Backbone.NAME;
    }

    @Override
    public String description() {
        return "BigGAN (Brock's BigGAN-PyTorch, as BigDatasetGAN uses it): .pth/.pt state dict or .safetensors"
                + " + generator-argument JSON (--config, or config.json next to the checkpoint)";
    }

    @Override
    public Backbone load(BackboneSource source, Device device) throws IOException {
        return BigGan512Checkpoints.load(source, device);
    }
}
