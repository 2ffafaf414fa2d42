package dev.dgan.stylegan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.stylegan.v2.RandomWeights;
import dev.dgan.stylegan.v2.StyleGan2Config;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import dev.dgan.stylegan.v2.StyleGan2Checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code --backbone stylegan2}: NVlabs snapshots and state dicts, rosinality checkpoints. */
public final class StyleGan2Provider implements BackboneProvider {

    @Override
    public String name() {
        return "stylegan2";
    }

    @Override
    public String description() {
        return "StyleGAN2: NVlabs network-snapshot .pkl, state dict .pt/.safetensors (+ --config); rosinality .pt (g_ema)";
    }

    @Override
    public Backbone load(BackboneSource source, Device device) throws IOException {
        return StyleGan2Checkpoints.load(source, device);
    }

    @Override
    public void writeRandomCheckpoint(Path config, long seed, Path out) throws IOException {
        Map<String, Tensor> sd = RandomWeights.stateDict(StyleGan2Config.fromJson(config), seed);
        try {
            SafetensorsWriter.write(out, TensorData.of(sd), Map.of("format", "pt"));
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
