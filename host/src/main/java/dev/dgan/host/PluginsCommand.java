package dev.dgan.host;

import dev.dgan.api.BackboneProvider;
import dev.dgan.api.TaskProvider;
import dev.dgan.host.plugins.LoadedPlugin;
import dev.dgan.host.plugins.PluginFailure;
import dev.dgan.host.plugins.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code dgan plugins}: which backbones and tasks are installed, and which plugins failed. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the installed plugins with their backbones and tasks; report plugins that failed to load.")
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = dgan.spec.commandLine().getOut();
        try (PluginRegistry registry = dgan.plugins()) {
            out.printf("plugins directory: %s%n", registry.directory());
            for (LoadedPlugin plugin : registry.plugins()) {
                out.printf("%n%s %s%s%n", plugin.id(), plugin.version(),
                        plugin.description() == null || plugin.description().isBlank() ? "" : "  " + plugin.description());
                for (BackboneProvider b : plugin.backbones()) {
                    out.printf("  backbone  %-13s %s%n", b.name(), b.description());
                }
                for (TaskProvider t : plugin.tasks()) {
                    out.printf("  task      %-13s %s%n", t.name(), t.description());
                }
                if (plugin.backbones().isEmpty() && plugin.tasks().isEmpty()) {
                    out.println("  (no backbones or tasks)");
                }
            }
            if (!registry.failures().isEmpty()) {
                out.printf("%nfailed to load:%n");
                for (PluginFailure f : registry.failures()) {
                    out.printf("  %s: %s%n", f.plugin(), f.reason());
                }
            }
            out.flush();
            return 0;
        }
    }
}
