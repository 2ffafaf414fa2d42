package dev.dgan.host.plugins;

/**
 * A plugin's code failed or broke its contract (threw, returned null). The message is one line
 * naming the plugin, the extension, the call and what went wrong, e.g. {@code plugin evil
 * (evil.jar): backbone evil: load failed: IllegalStateException: boom}; the plugin's own
 * exception stays attached as the cause for debugging, never shown to the user.
 */
public final class PluginCallException extends RuntimeException {

    private final transient PluginOrigin origin;
    private final String detail;

    PluginCallException(PluginOrigin origin, String subject, String problem, Throwable cause) {
        this(origin, subject == null ? problem : subject + ": " + problem, cause);
    }

    private PluginCallException(PluginOrigin origin, String detail, Throwable cause) {
        super(origin + ": " + detail, cause);
        this.origin = origin;
        this.detail = detail;
    }

    public PluginOrigin origin() {
        return origin;
    }

    /** The message without the plugin: what {@code dgan plugins} prints after the plugin's label. */
    public String detail() {
        return detail;
    }
}
