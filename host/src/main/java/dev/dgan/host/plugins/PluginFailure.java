package dev.dgan.host.plugins;

/** A plugin (by id, or by file name when it could not even be read) that did not load, and why. */
public record PluginFailure(String plugin, String reason) {
}
