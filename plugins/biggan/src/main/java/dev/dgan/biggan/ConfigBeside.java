package dev.dgan.biggan;

import dev.dgan.api.BackboneSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config JSON of a BigGAN state dict, which does not carry its constructor arguments:
 * the one given with {@code --config}, else {@code config.json} next to the checkpoint.
 */
final class ConfigBeside {

    private ConfigBeside() {}

    /** @param needs what the config must hold, for the error message when there is none */
    static Path of(BackboneSource source, String kind, String needs) {
        if (source.config().isPresent()) return source.config().get();
        Path dir = source.checkpoint().toAbsolutePath().getParent();
        Path sibling = dir == null ? null : dir.resolve("config.json");
        if (sibling == null || !Files.isRegularFile(sibling)) {
            throw new IllegalArgumentException(source.checkpoint() + ": a " + kind + " state dict does not carry its"
                    + " generator arguments; pass --config with a JSON of them (" + needs + ") or put it next to the"
                    + " checkpoint as config.json");
        }
        return sibling;
    }
}
