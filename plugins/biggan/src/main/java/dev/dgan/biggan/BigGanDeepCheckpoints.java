package dev.dgan.biggan;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.checkpoint.StateDicts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a BigGAN-deep checkpoint: the huggingface {@code pytorch_model.bin} (a state dict saved
 * by {@code torch.save}, legacy or zip format) or a {@code .safetensors} of the same names, and
 * its {@code config.json} (given explicitly, or the file of that name next to the checkpoint).
 */
public final class BigGanDeepCheckpoints {

    private BigGanDeepCheckpoints() {
    }

    public static BigGanDeepBackbone load(BackboneSource source, Device device) throws IOException {
        Path config = ConfigBeside.of(source, "BigGAN-deep", "z_dim, num_classes, channel_width, layers, attention_layer_position, eps, n_stats");
        return load(source.checkpoint(), BigGanDeepConfig.fromJson(config), device);
    }

    /** The backbone in {@code file} (torch.save .pth/.pt/.bin, or .safetensors) with {@code config}. */
    public static BigGanDeepBackbone load(Path file, BigGanDeepConfig config, Device device) throws IOException {
        return StateDicts.read(file, sd -> BigGanDeepBackbone.fromStateDict(sd, config, file.toString(), device), "state_dict", "model");
    }
}
