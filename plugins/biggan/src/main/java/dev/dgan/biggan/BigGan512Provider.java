package dev.dgan.biggan;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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

    @Override
    public void writeRandomCheckpoint(Path config, long seed, Path out) throws IOException {
        Map<String, Tensor> sd = BigGan512RandomWeights.stateDict(BigGan512Config.fromJson(config), seed);
        try {
            SafetensorsWriter.write(out, TensorData.of(sd), Map.of("format", "pt"));
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
