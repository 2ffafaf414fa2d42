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
 * Reads a BigGAN-deep checkpoint: the huggingface {@code pytorch_model.bin} (a state dict saved
 * by {@code torch.save}, legacy or zip format) or a {@code .safetensors} of the same names, and
 * its {@code config.json} (given explicitly, or the file of that name next to the checkpoint).
 */
public final class BigGanDeepCheckpoints {

    private BigGanDeepCheckpoints() {
    }

    public static BigGanDeepBackbone load(BackboneSource source, Device device) throws IOException {
        Path file = source.checkpoint();
        BigGanDeepConfig config = BigGanDeepConfig.fromJson(configFile(source));
        return load(file, config, device);
    }

    /** The backbone in {@code file} (.bin/.pt/.pth torch.save, or .safetensors) with {@code config}. */
    public static BigGanDeepBackbone load(Path file, BigGanDeepConfig config, Device device) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                Map<String, Tensor> sd = f.tensors();
                try {
                    return BigGanDeepBackbone.fromStateDict(sd, config, file.toString(), device);
                } finally {
                    sd.values().forEach(Tensor::close);
                }
            }
        }
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            Map<String, StoredTensor> stored = ck.stateDict("state_dict", "model");
            Map<String, Tensor> sd = ck.loadAll(stored);
            try {
                return BigGanDeepBackbone.fromStateDict(sd, config, file.toString(), device);
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
            throw new IllegalArgumentException(source.checkpoint() + ": a BigGAN-deep state dict does not carry its"
                    + " BigGANConfig; pass --config with the config.json (z_dim, num_classes, channel_width, layers,"
                    + " attention_layer_position, eps, n_stats) or put it next to the checkpoint as config.json");
        }
        return sibling;
    }
}
