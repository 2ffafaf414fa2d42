package dev.dgan.stylegan.v2;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.checkpoint.NvidiaSnapshot;
import dev.dgan.runtime.checkpoint.SnapshotModule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An NVlabs network-snapshot .pkl (stylegan2-ada-pytorch, stylegan3): the generator's
 * weights and its constructor arguments, both read from the pickle without running it.
 * {@code G_ema} is used when present (what the reference tools sample from), else {@code G}.
 */
final class NvlabsSnapshot {

    private NvlabsSnapshot() {
    }

    static StyleGan2Backbone load(Path file, Optional<Path> config, Device device) throws IOException {
        NvidiaSnapshot snapshot = NvidiaSnapshot.read(file);
        String key = snapshot.networks().contains("G_ema") ? "G_ema" : "G";
        SnapshotModule g = snapshot.network(key);
        if (!g.className().equals("Generator")) {
            throw new IllegalArgumentException(file + ": network " + key + " is a " + g.className()
                    + "; expected a StyleGAN2 Generator");
        }
        // The snapshot's own arguments describe its weights; a config file only replaces them when given.
        StyleGan2Config cfg;
        try {
            cfg = config.isPresent() ? StyleGan2Config.fromJson(config.get()) : StyleGan2Config.fromKwargs(g.initKwargs());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + key + " init_kwargs: " + e.getMessage(), e);
        }
        Map<String, Tensor> sd = g.loadStateDict();
        try {
            return StyleGan2Backbone.fromStateDict(sd, cfg, device, file + " (" + key + ")",
                    StyleGan2Backbone.Options.DEFAULT);
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
