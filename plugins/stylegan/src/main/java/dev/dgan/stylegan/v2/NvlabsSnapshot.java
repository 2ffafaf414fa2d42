package dev.dgan.stylegan.v2;

import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** An NVlabs network-snapshot .pkl: G_ema's weights and constructor arguments. */
final class NvlabsSnapshot {

    private NvlabsSnapshot() {
    }

    static StyleGan2Backbone load(Path file, Optional<Path> config, Device device) throws IOException {
        throw new IOException(file + ": reading network-snapshot .pkl files is not available in this build");
    }
}
