package dev.dgan.vqgan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;

import java.io.IOException;

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
}
