package dev.dgan.host.plugins;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The backbone (or task) names taken so far and by which plugin. The first claim of a name
 * wins; a later one is refused, with both plugins named, instead of two extensions answering
 * to one {@code --backbone}. Names are compared as users type them: ignoring case.
 */
final class ExtensionNames {

    private final String kind;
    private final Map<String, PluginOrigin> owners = new HashMap<>();

    /** {@code kind} as messages say it: "backbone". */
    ExtensionNames(String kind) {
        this.kind = kind;
    }

    /** Empty when {@code name} was free and is now {@code claimant}'s; else why the claim is refused. */
    Optional<String> claim(String name, PluginOrigin claimant) {
        PluginOrigin owner = owners.putIfAbsent(name.toLowerCase(Locale.ROOT), claimant);
        if (owner == null) return Optional.empty();
        String by = owner.equals(claimant) ? "this plugin" : owner.toString();
        return Optional.of(kind + " " + name + " refused: " + by + " already provides a " + kind + " of that name");
    }
}
