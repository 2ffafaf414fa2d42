package dev.dgan.host.plugins;

/**
 * Where an extension comes from, as every message about it names it: the plugin's id, the jar
 * or folder it was read from, and whether that file is one of the plugins dgan ships.
 */
public record PluginOrigin(String id, String file, boolean bundled) {

    /** {@code stylegan (dgan-plugin-stylegan.jar, bundled with dgan)}. */
    public String label() {
        return id + " (" + file + (bundled ? ", bundled with dgan" : "") + ")";
    }

    @Override
    public String toString() {
        return "plugin " + label();
    }
}
