package dev.dgan.host.plugins;

import dev.dgan.api.BackboneProvider;
import dev.dgan.api.TaskProvider;
import org.pf4j.DefaultExtensionFinder;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The plugins found in one directory: their backbones and tasks, and the ones that failed
 * with why. One broken plugin never stops the others from loading, and what it breaks later
 * is reported against it: every backbone and task is handed out behind a {@link PluginGuard}.
 * Each backbone and task name belongs to one extension (see {@link ExtensionNames}).
 */
public final class PluginRegistry implements AutoCloseable {

    private final Path directory;
    private final PluginManager manager;
    private final List<LoadedPlugin> plugins;
    private final List<PluginFailure> failures;
    /** Held for the whole JVM ({@link #shared}): closing it does nothing. */
    private volatile boolean shared;

    private static final java.util.Map<Path, PluginRegistry> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The registry of {@code directory}, loaded once per JVM and never closed: for a process that
     * runs many commands (a Spark executor runs one per partition), so plugins load once.
     */
    public static PluginRegistry shared(Path directory) throws IOException {
        Path key = directory.toRealPath();
        synchronized (SHARED) {
            PluginRegistry r = SHARED.get(key);
            if (r == null) {
                r = open(key);
                r.shared = true;
                SHARED.put(key, r);
            }
            return r;
        }
    }

    private PluginRegistry(Path directory, PluginManager manager, List<LoadedPlugin> plugins,
                           List<PluginFailure> failures) {
        this.directory = directory;
        this.manager = manager;
        this.plugins = List.copyOf(plugins);
        this.failures = List.copyOf(failures);
    }

    /** Loads and starts every plugin jar or folder in {@code directory}. */
    public static PluginRegistry open(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("plugins directory " + directory + " does not exist or is not a directory");
        }
        Path dir = directory.toRealPath();
        DefaultPluginManager manager = new DefaultPluginManager(dir) {
            // Plugins declare extensions the standard Java way (META-INF/services), so the
            // plugin API and the plugins need no PF4J types at all.
            @Override
            protected ExtensionFinder createExtensionFinder() {
                DefaultExtensionFinder finder = (DefaultExtensionFinder) super.createExtensionFinder();
                finder.addServiceProviderExtensionFinder();
                return finder;
            }
        };
        List<PluginFailure> failures = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(dir)) {
            candidates = entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")
                            || p.getFileName().toString().endsWith(".zip"))
                    .sorted().toList();
        }
        // Loaded one by one (not loadPlugins()) so each failure is attributed to its file.
        for (Path candidate : candidates) {
            try {
                manager.loadPlugin(candidate);
            } catch (RuntimeException | LinkageError e) {
                String why = e.getMessage() != null && e.getMessage().startsWith("No PluginDescriptorFinder")
                        ? "not a plugin: no Plugin-Id in its manifest and no plugin.properties" : reason(e);
                failures.add(new PluginFailure(candidate.getFileName().toString(), why));
            }
        }
        manager.startPlugins();
        Set<String> bundled = BundledPlugins.files();
        ExtensionNames backboneNames = new ExtensionNames("backbone");
        ExtensionNames taskNames = new ExtensionNames("task");
        List<LoadedPlugin> loaded = new ArrayList<>();
        // Bundled plugins first, then by file name: who registers a name first keeps it.
        List<PluginWrapper> ordered = manager.getPlugins().stream()
                .sorted(Comparator.comparing((PluginWrapper p) -> !bundled.contains(fileName(p))).thenComparing(PluginRegistry::fileName))
                .toList();
        for (PluginWrapper plugin : ordered) {
            PluginOrigin origin = new PluginOrigin(plugin.getPluginId(), fileName(plugin), bundled.contains(fileName(plugin)));
            if (plugin.getPluginState() != PluginState.STARTED) {
                Throwable why = plugin.getFailedException();
                failures.add(new PluginFailure(origin.label(), why == null
                        ? "not started (state " + plugin.getPluginState() + ")" : reason(why)));
                continue;
            }
            PluginExtensions found = new PluginExtensions(origin, failures);
            List<BackboneProvider> backbones = found.register(manager, BackboneProvider.class, GuardedBackboneProvider::register,
                    BackboneProvider::name, backboneNames);
            List<TaskProvider> tasks = found.register(manager, TaskProvider.class, GuardedTaskProvider::register,
                    TaskProvider::name, taskNames);
            found.reportUnmatched(manager);
            loaded.add(new LoadedPlugin(origin.id(), plugin.getDescriptor().getVersion(),
                    plugin.getDescriptor().getPluginDescription(), backbones, tasks));
        }
        loaded.sort(Comparator.comparing(LoadedPlugin::id));
        return new PluginRegistry(dir, manager, loaded, failures);
    }

    private static String fileName(PluginWrapper plugin) {
        return plugin.getPluginPath().getFileName().toString();
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root == e) return top;
        String cause = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        return top + " (" + cause + ")";
    }

    public Path directory() {
        return directory;
    }

    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    public List<PluginFailure> failures() {
        return failures;
    }

    public List<BackboneProvider> backbones() {
        return plugins.stream().flatMap(p -> p.backbones().stream()).toList();
    }

    public List<TaskProvider> tasks() {
        return plugins.stream().flatMap(p -> p.tasks().stream()).toList();
    }

    /** The backbone provider named {@code name}, or an error listing the ones there are. */
    public BackboneProvider backbone(String name) {
        return find(backbones(), BackboneProvider::name, name, "backbone");
    }

    public TaskProvider task(String name) {
        return find(tasks(), TaskProvider::name, name, "task");
    }

    /** The task {@code name}, or when it is null the one installed task that declares itself the default. */
    public TaskProvider taskOrDefault(String name) {
        if (name != null) return task(name);
        List<TaskProvider> defaults = tasks().stream().filter(TaskProvider::isDefault).toList();
        if (defaults.size() == 1) return defaults.getFirst();
        throw new IllegalArgumentException("no --task given and " + (defaults.isEmpty() ? "no installed task is the default"
                : "several installed tasks claim to be the default " + defaults.stream().map(TaskProvider::name).toList())
                + ": pass --task (available: " + tasks().stream().map(TaskProvider::name).sorted().toList() + ")");
    }

    private <T> T find(List<T> all, Function<T, String> nameOf, String name, String what) {
        for (T t : all) {
            if (nameOf.apply(t).equalsIgnoreCase(name)) return t;
        }
        String known = all.stream().map(nameOf).sorted().collect(Collectors.joining(", "));
        StringBuilder msg = new StringBuilder("unknown " + what + " '" + name + "'; available: "
                + (known.isEmpty() ? "none" : known) + " (plugins directory " + directory + ")");
        for (PluginFailure f : failures) msg.append("; plugin ").append(f.plugin()).append(" failed: ").append(f.reason());
        throw new IllegalArgumentException(msg.toString());
    }

    @Override
    public void close() {
        if (shared) return;
        manager.stopPlugins();
        manager.unloadPlugins();
    }
}
