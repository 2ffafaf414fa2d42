package dev.dgan.host;

import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.TaskOption;
import dev.dgan.host.plugins.PluginCallException;
import dev.dgan.host.plugins.PluginRegistry;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The "Task options" section of {@code dgan train --help}: the {@code -O} keys each installed
 * task declares, read from the plugins when the help is shown so it lists what is installed.
 */
final class TaskOptionsHelp {

    static final String SECTION = "taskOptions";
    private static final int WIDTH = 100;

    private TaskOptionsHelp() {}

    /** Adds the section to {@code command}'s help, before its footer; {@code dgan} gives the plugins directory. */
    static void install(CommandLine command, Supplier<Dgan> dgan) {
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION);
        command.setHelpSectionKeys(keys);
        command.getHelpSectionMap().put(SECTION, help -> render(dgan.get()));
    }

    static String render(Dgan dgan) {
        try (PluginRegistry registry = dgan.plugins()) {
            return render(registry.tasks());
        } catch (Exception | LinkageError e) {
            return "%nTask options (-O KEY=VALUE): installed tasks unknown (%s)%n".formatted(e.getMessage()).replace("%n", System.lineSeparator());
        }
    }

    static String render(List<TaskProvider> tasks) {
        StringBuilder out = new StringBuilder(System.lineSeparator()).append("Task options (-O KEY=VALUE), by installed task:").append(System.lineSeparator());
        for (TaskProvider t : tasks.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            String head = "  " + t.name() + (t.isDefault() ? " (default)" : "") + ": ";
            List<String> items;
            try {
                items = t.options().stream().map(TaskOptionsHelp::describe).toList();
            } catch (PluginCallException e) {
                // one broken task costs its own line, not the others' options
                out.append(head).append("unknown (").append(e.detail()).append(')').append(System.lineSeparator());
                continue;
            }
            StringBuilder line = new StringBuilder(head);
            if (items.isEmpty()) line.append("none");
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i) + (i + 1 < items.size() ? "," : "");
                if (line.length() + 1 + item.length() > WIDTH && line.length() > head.length()) {
                    out.append(line.toString().stripTrailing()).append(System.lineSeparator());
                    line = new StringBuilder("      ");
                }
                line.append(item).append(' ');
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String describe(TaskOption o) {
        return o.meaning().isEmpty() ? o.key() : o.key() + " (" + o.meaning() + ")";
    }
}
