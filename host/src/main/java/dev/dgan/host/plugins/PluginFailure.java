package dev.dgan.host.plugins;

/**
 * A plugin, or one of its extensions, that did not load, and why. {@code plugin} is its label,
 * {@code stylegan (dgan-plugin-stylegan.jar)}, or only the file name when the file could not
 * even be read as a plugin.
 */
public record PluginFailure(String plugin, String reason) {
}
