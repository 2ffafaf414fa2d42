package dev.dgan.api;

import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Extension point for a generator backbone family (StyleGAN2, BigGAN, ...). A plugin
 * registers one provider per family; the host finds it by {@link #name()}.
 *
 * <p>Implementations are stateless and cheap to construct: the expensive part, reading a
 * checkpoint and moving weights to a device, happens in {@link #load}.
 */
public interface BackboneProvider {

    /** The name users pass to {@code --backbone}, lower case, e.g. {@code stylegan2}. */
    String name();

    /** One line for {@code dgan plugins}: which checkpoints this provider reads. */
    String description();

    /**
     * Reads the checkpoint (and config, if given) and returns a ready backbone on
     * {@code device}. Bad input throws an exception naming the file, the field and what was
     * expected; nothing native is leaked when it does.
     */
    Backbone load(BackboneSource source, Device device) throws IOException;

    /**
     * Writes a checkpoint of the shape {@code config} describes, with random weights, that
     * {@link #load} reads back with the same config: for benchmarks at the real sizes and for
     * checking a machine before any checkpoint is downloaded. Providers without such a form keep
     * the default.
     */
    default void writeRandomCheckpoint(Path config, long seed, Path out) throws IOException {
        throw new UnsupportedOperationException("backbone " + name() + " cannot write random weights");
    }
}
