package dev.dgan.spark;

import dev.dgan.host.Dgan;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.runtime.LibTorch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What an executor JVM loads once for all the partitions it runs: libtorch and the plugins
 * (the holder idiom makes the first task load them and the others wait for it). Each partition's
 * {@code generate} then finds them loaded; it loads the model (backbone and interpreter) itself.
 */
final class ExecutorRuntime {

    /** Milliseconds the first task of this JVM spent loading libtorch and the plugins. */
    final long startupMillis;

    private ExecutorRuntime(SparkArgs args) {
        long start = System.nanoTime();
        // every dgan command in this JVM shares one plugin registry (Dgan.plugins)
        System.setProperty(Dgan.SHARED_PLUGINS, "true");
        // as the dgan launcher does: ImageIO's stream cache would go through temporary files
        javax.imageio.ImageIO.setUseCache(false);
        String libtorch = args.option("--libtorch");
        LibTorch.load(libtorch == null ? null : Path.of(libtorch));
        try {
            PluginRegistry.shared(pluginsDirectory(args));
        } catch (IOException e) {
            throw new IllegalStateException("cannot load the dgan plugins on this executor: " + e.getMessage(), e);
        }
        startupMillis = (System.nanoTime() - start) / 1_000_000;
        System.err.println("dgan-spark: libtorch and plugins loaded in " + startupMillis + " ms on this executor");
    }

    private static volatile ExecutorRuntime instance;

    static ExecutorRuntime get(SparkArgs args) {
        ExecutorRuntime r = instance;
        if (r != null) return r;
        synchronized (ExecutorRuntime.class) {
            if (instance == null) instance = new ExecutorRuntime(args);
            return instance;
        }
    }

    /** As dgan resolves it: --plugins, $DGAN_PLUGINS, then the install's plugins/ (dgan.home). */
    private static Path pluginsDirectory(SparkArgs args) {
        String option = args.option("--plugins");
        if (option != null) return Path.of(option);
        String env = System.getenv("DGAN_PLUGINS");
        if (env != null && !env.isBlank()) return Path.of(env);
        String home = System.getProperty("dgan.home");
        if (home == null) throw new IllegalStateException("no dgan plugins on this executor: set DGAN_PLUGINS or -Ddgan.home (see the README)");
        return Path.of(home, "plugins");
    }
}
