package dev.dgan.host;

import dev.dgan.host.stop.StopSignal;
import dev.dgan.host.stop.Stopped;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.host.plugins.PluginCallException;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.runtime.LibTorch;
import dev.dgan.runtime.LibTorchLoadException;
import dev.dgan.runtime.files.FileErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The dgan command line. */
@Command(name = "dgan", mixinStandardHelpOptions = true, versionProvider = Dgan.Version.class,
        description = "Labeled-data factory: a pretrained GAN plus a few annotations gives unlimited image + label pairs.",
        subcommands = {InfoCommand.class, PluginsCommand.class, SampleCommand.class, SelectCommand.class, AnnotateCommand.class, TrainCommand.class, GenerateCommand.class, MergeCommand.class, DemoCommand.class, EvaluateCommand.class, BenchCommand.class, InitCommand.class,
                CommandLine.HelpCommand.class})
public final class Dgan implements Runnable {

    @Option(names = "--libtorch", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory holding libtorch's shared libraries (e.g. an installed PyTorch's torch/lib). "
                    + "Default: $DGAN_LIBTORCH, else the libtorch shipped with dgan.")
    Path libtorch;

    @Option(names = "--plugins", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory of plugin jars. Default: $DGAN_PLUGINS, else the plugins/ folder of the dgan install.")
    Path pluginsDir;

    static final int DEFAULT_THREADS = 1;
    private final boolean threadsFromEnvironment = System.getenv(LibTorch.THREADS_ENV) != null
            && !System.getenv(LibTorch.THREADS_ENV).isBlank();

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Threads of libtorch's intra-op pool and of OpenBLAS. Default: $DGAN_THREADS, else 1.")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** System property: keep one plugin registry per JVM across commands ({@link #run(String...)}). */
    public static final String SHARED_PLUGINS = "dgan.plugins.shared";

    /** Loads the plugins from --plugins, $DGAN_PLUGINS or the install's plugins/ folder. */
    PluginRegistry plugins() throws java.io.IOException {
        // a JVM that runs many commands (a Spark executor) loads the plugins once
        if (Boolean.getBoolean(SHARED_PLUGINS)) return PluginRegistry.shared(pluginsDirectory());
        return PluginRegistry.open(pluginsDirectory());
    }

    Path pluginsDirectory() {
        if (pluginsDir != null) return pluginsDir;
        String env = System.getenv("DGAN_PLUGINS");
        if (env != null && !env.isBlank()) return Path.of(env);
        String home = System.getProperty("dgan.home");
        if (home == null) {
            throw new IllegalArgumentException("no plugins directory: pass --plugins DIR or set DGAN_PLUGINS");
        }
        return Path.of(home, "plugins");
    }

    /** Opens libtorch from --libtorch or the defaults; commands call this before touching tensors. */
    LibTorch torch() {
        LibTorch torch = LibTorch.load(libtorch); // applies $DGAN_THREADS
        if (threads != null) {
            torch.setIntraOpThreads(threads);
        } else if (!threadsFromEnvironment) {
            // libtorch's own pool beside OpenBLAS's oversubscribes small machines: training the
            // demo's ensemble took 348 s with two intra-op threads on 2 cores and 6 s with one
            torch.setIntraOpThreads(DEFAULT_THREADS);
        }
        return torch;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        StopSignal.install(System.err);
        // ImageIO would cache the streams it reads and writes in temporary files (java.io.tmpdir) that
        // a shutdown hook closes; on a full disk that hook failed with a NullPointerException at exit.
        // dgan's images fit in memory.
        ImageIO.setUseCache(false);
        System.exit(commandLine().execute(args));
    }

    /**
     * Runs one dgan command in this JVM and returns its exit status, as the launcher would (without
     * exiting): for applications that drive dgan, e.g. a Spark task running {@code generate --shard}.
     */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        Dgan dgan = new Dgan();
        CommandLine cl = new CommandLine(dgan);
        TaskOptionsHelp.install(cl.getSubcommands().get("train"), () -> dgan);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof Stopped s) {
                cmd.getErr().println("dgan: " + s.getMessage());
                return s.exitStatus();
            }
            // A plugin that failed is named in one line with the call; the host and the other plugins are fine.
            PluginCallException plugin = pluginFailure(e);
            if (plugin != null) {
                cmd.getErr().println("dgan: " + plugin.getMessage());
                return PLUGIN_FAILED;
            }
            // Expected failures (bad input, missing libraries) get one clear line, not a stack trace.
            // A file error whose message is only the path ("dgan: /x/y") gets its reason in words.
            if (e instanceof LibTorchLoadException || e instanceof IllegalArgumentException || e instanceof AnnotationException
                    || e instanceof IOException || e instanceof UncheckedIOException) {
                cmd.getErr().println("dgan: " + FileErrors.describe(e));
                return 2;
            }
            throw e;
        });
        return cl;
    }

    /** Exit status of a command whose plugin failed (bad input and missing libraries exit with 2). */
    static final int PLUGIN_FAILED = 3;

    /** Exit status of {@code dgan bench --compare} when a stage or benchmark regressed beyond its threshold and noise. */
    static final int REGRESSED = 4;

    /** The plugin failure {@code e} is or was caused by, if any: a failure may reach here wrapped by a thread pool. */
    private static PluginCallException pluginFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PluginCallException p) return p;
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Dgan.class.getPackage().getImplementationVersion();
            return new String[] {"dgan " + (v == null ? "(development build)" : v)};
        }
    }
}
