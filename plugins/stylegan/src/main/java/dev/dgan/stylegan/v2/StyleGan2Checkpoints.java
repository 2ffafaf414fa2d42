package dev.dgan.stylegan.v2;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.checkpoint.FiniteValues;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.checkpoint.StoredTensor;
import dev.dgan.runtime.checkpoint.TorchCheckpoint;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises which StyleGAN2 checkpoint a file is and builds the backbone from it:
 * <ul>
 *   <li>NVlabs network snapshot {@code .pkl}: {@code G_ema} and its constructor arguments;</li>
 *   <li>NVlabs state dict ({@code .pt}/{@code .pth}/{@code .safetensors}, names such as
 *       {@code mapping.fc0.weight}): needs a config JSON;</li>
 *   <li>rosinality checkpoint ({@code .pt} with {@code g_ema} and {@code latent_avg}, or a
 *       safetensors of {@code g_ema} names): config read off the weights unless given.</li>
 * </ul>
 */
public final class StyleGan2Checkpoints {

    private StyleGan2Checkpoints() {
    }

    public static StyleGan2Backbone load(BackboneSource source, Device device) throws IOException {
        Path file = source.checkpoint();
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pkl")) return NvlabsSnapshot.load(file, source.config(), device);
        if (name.endsWith(".safetensors")) return fromSafetensors(file, source.config(), device);
        return fromTorchCheckpoint(file, source.config(), device);
    }

    private static StyleGan2Backbone fromSafetensors(Path file, Optional<Path> config, Device device) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, Tensor> sd = f.tensors();
            Tensor latentAvg = sd.remove("latent_avg");
            try {
                return build(file, sd, latentAvg, config, device);
            } finally {
                sd.values().forEach(Tensor::close);
                if (latentAvg != null) latentAvg.close();
            }
        }
    }

    private static StyleGan2Backbone fromTorchCheckpoint(Path file, Optional<Path> config, Device device) throws IOException {
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            Map<String, StoredTensor> stored = ck.stateDict("g_ema", "G_ema", "state_dict");
            Map<String, Tensor> sd = ck.loadAll(stored);
            Tensor latentAvg = null;
            try {
                if (isRosinality(sd) && ck.tensors().containsKey("latent_avg")) latentAvg = ck.tensor("latent_avg");
                return build(file, sd, latentAvg, config, device);
            } finally {
                sd.values().forEach(Tensor::close);
                if (latentAvg != null) latentAvg.close();
            }
        }
    }

    private static boolean isRosinality(Map<String, Tensor> sd) {
        return sd.containsKey("style.1.weight") && sd.containsKey("input.input");
    }

    private static StyleGan2Backbone build(Path file, Map<String, Tensor> sd, Tensor latentAvg, Optional<Path> config,
                                           Device device) throws IOException {
        FiniteValues.require(file.toString(), sd);
        if (latentAvg != null) FiniteValues.require(file.toString(), "latent_avg", latentAvg);
        if (isRosinality(sd)) {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            sd.forEach((k, v) -> shapes.put(k, v.shape()));
            StyleGan2Config cfg = config.isPresent() ? StyleGan2Config.fromJson(config.get())
                    : RosinalityConfig.infer(shapes, file.toString());
            return StyleGan2Backbone.fromRosinality(sd, latentAvg, cfg, device, file.toString(),
                    StyleGan2Backbone.Options.DEFAULT);
        }
        if (!sd.containsKey("mapping.fc0.weight") && !sd.containsKey("synthesis.b4.const")) {
            throw new IllegalArgumentException(file + ": not a StyleGAN2 generator: expected NVlabs names (mapping.fc0.weight,"
                    + " synthesis.b4.const, ...) or rosinality names (style.1.weight, input.input, ...); first names found: "
                    + sd.keySet().stream().limit(5).toList());
        }
        if (config.isEmpty()) {
            throw new IllegalArgumentException(file + ": an NVlabs state dict does not carry the generator's constructor"
                    + " arguments; pass --config with a JSON of them (z_dim, w_dim, img_resolution, mapping_kwargs,"
                    + " synthesis_kwargs), or use the network-snapshot .pkl");
        }
        return StyleGan2Backbone.fromStateDict(sd, StyleGan2Config.fromJson(config.get()), device, file.toString(),
                StyleGan2Backbone.Options.DEFAULT);
    }
}
