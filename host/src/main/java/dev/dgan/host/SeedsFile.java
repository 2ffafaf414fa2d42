package dev.dgan.host;

import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A list of seeds, one per line; blank lines and lines starting with # are skipped. */
final class SeedsFile {

    private SeedsFile() {
    }

    static long[] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--seeds " + file + ": cannot read: " + FileErrors.reason(e), e);
        }
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            try {
                long s = Long.parseLong(line);
                if (s < 0) throw new NumberFormatException();
                seeds.add(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is \"" + line + "\", expected a seed (an integer >= 0)");
            }
        }
        if (seeds.isEmpty()) throw new IllegalArgumentException(file + ": no seeds, expected one integer per line");
        return seeds.stream().mapToLong(Long::longValue).toArray();
    }

    static void write(Path file, String comment, long[] seeds) throws IOException {
        StringBuilder sb = new StringBuilder("# " + comment + "\n");
        for (long s : seeds) sb.append(s).append('\n');
        dev.dgan.api.io.AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
