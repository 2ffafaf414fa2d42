package dev.dgan.biggan;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.checkpoint.StateDicts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a BigGAN-PyTorch generator checkpoint: a state dict saved by {@code torch.save}
 * ({@code biggan-512.pth} as {@code TFHub/converter.py} writes it, without the {@code sv0}
 * buffers, or a trained BigDatasetGAN checkpoint with the generator under {@code biggan_model.})
 * or a {@code .safetensors} of the same names, and its config JSON (given explicitly, or
 * {@code config.json} next to the checkpoint).
 */
public final class BigGan512Checkpoints {

    private BigGan512Checkpoints() {
    }

    public static BigGan512Backbone load(BackboneSource source, Device device) throws IOException {
        Path config = ConfigBeside.of(source, "BigGAN-PyTorch", "G_ch, dim_z, shared_dim, G_attn, resolution, n_classes, hier, BN_eps, SN_eps");
        return load(source.checkpoint(), BigGan512Config.fromJson(config), device);
    }

    /** The backbone in {@code file} (torch.save .pth/.pt/.bin, or .safetensors) with {@code config}. */
    public static BigGan512Backbone load(Path file, BigGan512Config config, Device device) throws IOException {
        return StateDicts.read(file, sd -> BigGan512Backbone.fromStateDict(sd, config, file.toString(), device), "state_dict", "model");
    }
}
