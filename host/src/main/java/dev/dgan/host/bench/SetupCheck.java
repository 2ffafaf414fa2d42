package dev.dgan.host.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warnings for two results measured under different conditions (machine, software, threads,
 * device, ...): their difference may be that, not the code. They warn rather than fail, because
 * comparing across machines on purpose (a new CI runner) is legitimate.
 */
final class SetupCheck {

    private SetupCheck() {}

    /** One line per label whose values differ, and one per file for the labels only the other records. */
    static List<String> differences(String oldName, Map<String, String> old, String newName, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        for (var e : old.entrySet()) {
            String other = now.get(e.getKey());
            if (other != null && !other.equals(e.getValue()))
                out.add(e.getKey() + " differs: " + e.getValue() + " (" + oldName + ") vs " + other + " (" + newName + ")");
        }
        unrecorded(out, oldName, old, now);
        unrecorded(out, newName, now, old);
        return out;
    }

    private static void unrecorded(List<String> out, String name, Map<String, String> has, Map<String, String> other) {
        List<String> missing = other.keySet().stream().filter(k -> !has.containsKey(k)).toList();
        if (!missing.isEmpty()) out.add(name + " does not record " + String.join(", ", missing) + ": cannot check that they match");
    }
}
