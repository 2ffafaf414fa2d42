package dev.dgan.host.plugins;

import org.pf4j.PluginManager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One plugin's extensions being registered: each is made, asked its name and description
 * through a {@link PluginGuard}, and checked against the names already taken; each that
 * fails is reported against the plugin and left out, and the plugin's others stay.
 */
final class PluginExtensions {

    private final PluginOrigin origin;
    private final List<PluginFailure> failures;
    private final Set<String> attempted = new HashSet<>();

    PluginExtensions(PluginOrigin origin, List<PluginFailure> failures) {
        this.origin = origin;
        this.failures = failures;
    }

    <T> List<T> register(PluginManager manager, Class<T> point, BiFunction<T, PluginOrigin, T> guarded,
                         Function<T, String> nameOf, ExtensionNames names) {
        List<T> out = new ArrayList<>();
        List<Class<? extends T>> types;
        try {
            // PF4J reads them into a hash set: sorted, a plugin's claims come in the same order every run
            types = manager.getExtensionClasses(point, origin.id()).stream().sorted(Comparator.comparing(Class::getName)).toList();
        } catch (RuntimeException | LinkageError e) {
            failures.add(new PluginFailure(origin.label(), "its " + point.getSimpleName() + " extensions could not be read: "
                    + PluginGuard.describe(e)));
            return out;
        }
        for (Class<? extends T> type : types) {
            attempted.add(type.getName());
            try {
                T extension = guarded.apply(construct(point, type), origin);
                Optional<String> refused = names.claim(nameOf.apply(extension), origin);
                if (refused.isPresent()) failures.add(new PluginFailure(origin.label(), refused.get()));
                else out.add(extension);
            } catch (PluginCallException e) {
                failures.add(new PluginFailure(origin.label(), e.detail()));
            }
        }
        return out;
    }

    private <T> T construct(Class<T> point, Class<? extends T> type) {
        PluginGuard guard = new PluginGuard(origin, "extension " + type.getName());
        return guard.call("constructor", () -> {
            try {
                return point.cast(type.getDeclaredConstructor().newInstance());
            } catch (InvocationTargetException e) {
                // what the constructor threw, not the reflection wrapper around it
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new UndeclaredThrowableException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw guard.broken("cannot be made: expected a public class with a public no-argument constructor ("
                        + PluginGuard.describe(e) + ")");
            }
        });
    }

    /**
     * Extensions the plugin lists that matched no extension point were skipped by PF4J
     * (usually a class that failed to load): report them instead of losing them.
     */
    void reportUnmatched(PluginManager manager) {
        for (String name : manager.getExtensionClassNames(origin.id())) {
            if (!attempted.contains(name)) {
                failures.add(new PluginFailure(origin.label(), "extension " + name
                        + " could not be loaded or implements no dgan extension point"));
            }
        }
    }
}
