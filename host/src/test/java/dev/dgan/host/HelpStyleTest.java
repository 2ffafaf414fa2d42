package dev.dgan.host;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code --help} of every command reads as sentences: a description paragraph ends a sentence
 * (picocli prints each array element on its own line, so an element that stops mid-sentence is a
 * line cut in the middle), and every option's value has a placeholder in one style (NAME, N, FILE).
 */
class HelpStyleTest {

    @Test
    void descriptionsEndSentencesAndPlaceholdersShareOneStyle() {
        List<String> problems = new ArrayList<>();
        walk(new CommandLine(new Dgan()), problems);
        assertEquals(List.of(), problems);
    }

    private static void walk(CommandLine cl, List<String> problems) {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.name().equals("help")) {
            for (String line : spec.usageMessage().description())
                if (!line.strip().matches("(?s).*[.:;)]$")) problems.add(spec.qualifiedName() + ": description line cut mid-sentence: " + line);
            for (OptionSpec o : spec.options()) {
                String label = o.paramLabel();
                // upper case (N, FILE, KEY=VALUE), or a choice with its literal words (N|auto, all|FILE|LIST); never picocli's <field>
                if (o.arity().max() > 0 && (label.startsWith("<") || !label.contains("|") && !label.equals(label.toUpperCase(java.util.Locale.ROOT))))
                    problems.add(spec.qualifiedName() + " " + o.longestName() + ": placeholder " + label);
                if (o.description().length > 1) problems.add(spec.qualifiedName() + " " + o.longestName() + ": description split over lines");
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, problems);
    }
}
