package dev.dgan.host;

import dev.dgan.runtime.LibTorch;
import dev.dgan.runtime.LibTorchLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;

/** The dgan command line. */
@Command(name = "dgan", mixinStandardHelpOptions = true, versionProvider = Dgan.Version.class,
        description = "Labeled-data factory: a pretrained GAN plus a few annotations gives unlimited image + label pairs.",
        subcommands = {InfoCommand.class, CommandLine.HelpCommand.class})
public final class Dgan implements Runnable {

    @Option(names = "--libtorch", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory holding libtorch's shared libraries (e.g. an installed PyTorch's torch/lib). "
                    + "Default: $DGAN_LIBTORCH, else the libtorch shipped with dgan.")
    Path libtorch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Opens libtorch from --libtorch or the defaults; commands call this before touching tensors. */
    LibTorch torch() {
        return LibTorch.load(libtorch);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Dgan());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Expected failures (bad input, missing libraries) get one clear line, not a stack trace.
            if (e instanceof LibTorchLoadException || e instanceof IllegalArgumentException
                    || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("dgan: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Dgan.class.getPackage().getImplementationVersion();
            return new String[] {"dgan " + (v == null ? "(development build)" : v)};
        }
    }
}
