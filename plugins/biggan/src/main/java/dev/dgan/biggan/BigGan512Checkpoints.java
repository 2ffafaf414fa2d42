package dev.dgan.biggan;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.checkpoint.StoredTensor;
import dev.dgan.runtime.checkpoint.TorchCheckpoint;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

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
        return load(source.checkpoint(), BigGan512Config.fromJson(configFile(source)), device);
    }

    /** The backbone in {@code file} (.pth/.pt/.bin torch.save, or .safetensors) with {@code config}. */
    public static BigGan512Backbone load(Path file, BigGan512Config config, Device device) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                Map<String, Tensor> sd = f.tensors();
                try {
                    return BigGan512Backbone.fromStateDict(sd, config, file.toString(), device);
                } finally {
                    sd.values().forEach(Tensor::close);
                }
            }
        }
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            Map<String, StoredTensor> stored = ck.stateDict("state_dict", "model");
            Map<String, Tensor> sd = ck.loadAll(stored);
            try {
                return BigGan512Backbone.fromStateDict(sd, config, file.toString(), device);
            } finally {
                sd.values().forEach(Tensor::close);
            }
        }
    }

    private static Path configFile(BackboneSource source) {
        if (source.config().isPresent()) return source.config().get();
        Path dir = source.checkpoint().toAbsolutePath().getParent();
        Path sibling = dir == null ? null : dir.resolve("config.json");
        if (sibling == null || !Files.isRegularFile(sibling)) {
            throw new IllegalArgumentException(source.checkpoint() + ": a BigGAN-PyTorch state dict does not carry its"
                    + " generator arguments; pass --config with a JSON of them (G_ch, dim_z, shared_dim, G_attn,"
                    + " resolution, n_classes, hier, BN_eps, SN_eps) or put it next to the checkpoint as config.json");
        }
        return sibling;
    }
}
