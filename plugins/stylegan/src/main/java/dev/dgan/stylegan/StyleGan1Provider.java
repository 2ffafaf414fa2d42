package dev.dgan.stylegan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.stylegan.v1.StyleGan1Backbone;
import dev.dgan.stylegan.v1.StyleGan1RandomWeights;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --backbone stylegan1}: StyleGAN1 as DatasetGAN uses it (g_all state dict + config JSON). */
public final class StyleGan1Provider implements BackboneProvider {

    @Override
    public String name() {
        return "stylegan1";
    }

    @Override
    public String description() {
        return "StyleGAN1 as DatasetGAN uses it: g_all state dict .pt/.safetensors + --config (avg latent .npy, truncation)";
    }

    @Override
    public Backbone load(BackboneSource source, Device device) throws IOException {
        return StyleGan1Backbone.load(source, device);
    }

    /** The real shapes of the config's resolution; also writes the average latent (see {@link StyleGan1RandomWeights#write}). */
    @Override
    public void writeRandomCheckpoint(Path config, long seed, Path out) throws IOException {
        StyleGan1RandomWeights.write(config, seed, out);
    }
}
