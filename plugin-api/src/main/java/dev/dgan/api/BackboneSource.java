package dev.dgan.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a backbone's weights come from: a checkpoint file and, for checkpoints that do not
 * carry their constructor arguments, a config JSON.
 */
public record BackboneSource(Path checkpoint, Optional<Path> config) {

    public BackboneSource {
        if (checkpoint == null) throw new IllegalArgumentException("checkpoint path is required");
        config = config == null ? Optional.empty() : config;
    }

    public static BackboneSource of(Path checkpoint) {
        return new BackboneSource(checkpoint, Optional.empty());
    }

    public static BackboneSource of(Path checkpoint, Path config) {
        return new BackboneSource(checkpoint, Optional.ofNullable(config));
    }
}
