package dev.dgan.host.plugins;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A plugin's backbone provider as the host holds it: each call guarded, and the name and
 * description read once, when the plugin is registered, so listing plugins and looking a
 * backbone up never run plugin code again.
 */
final class GuardedBackboneProvider implements BackboneProvider {

    private final BackboneProvider delegate;
    private final PluginGuard guard;
    private final String name;
    private final String description;

    private GuardedBackboneProvider(BackboneProvider delegate, PluginGuard guard, String name, String description) {
        this.delegate = delegate;
        this.guard = guard;
        this.name = name;
        this.description = description;
    }

    /** Reads {@code provider}'s name and description; a failure names the provider's class, as it has no name yet. */
    static GuardedBackboneProvider register(BackboneProvider provider, PluginOrigin origin) {
        PluginGuard registering = new PluginGuard(origin, "backbone provider " + provider.getClass().getName());
        String name = registering.name(registering.call("name", provider::name), "--backbone");
        PluginGuard guard = new PluginGuard(origin, "backbone " + name);
        String description = guard.call("description", provider::description);
        return new GuardedBackboneProvider(provider, guard, name, description == null ? "" : description);
    }

    PluginOrigin origin() {
        return guard.origin();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Backbone load(BackboneSource source, Device device) throws IOException {
        Backbone loaded = guard.io("load", () -> delegate.load(source, device));
        return new GuardedBackbone(guard.nonNull("load", loaded, "a Backbone"), guard);
    }

    @Override
    public void writeRandomCheckpoint(Path config, long seed, Path out) throws IOException {
        guard.ioRun("writeRandomCheckpoint", () -> delegate.writeRandomCheckpoint(config, seed, out));
    }
}
