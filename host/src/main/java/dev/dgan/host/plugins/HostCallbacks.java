package dev.dgan.host.plugins;

import dev.dgan.api.FeatureSink;

/**
 * The host's code that a plugin calls back into during one call (the feature sink of a
 * synthesis). What it throws is the host's failure, passed through the plugin's frames, and
 * must not be blamed on the plugin: the guard rethrows it as it was, even when the plugin
 * wrapped it in an exception of its own.
 */
public final class HostCallbacks {

    private Throwable failure;

    public FeatureSink watch(FeatureSink sink) {
        return (tap, map) -> {
            try {
                sink.accept(tap, map);
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            }
        };
    }

    /** Whether {@code e} is, or was caused by, what a watched callback threw. */
    boolean threw(Throwable e) {
        for (Throwable t = e; failure != null && t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t == failure) return true;
        }
        return false;
    }

    RuntimeException rethrow() {
        if (failure instanceof Error error) throw error;
        return (RuntimeException) failure;
    }
}
