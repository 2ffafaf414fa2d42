package dev.dgan.host.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads result files of either kind, a {@code dgan bench --json} file or JMH's {@code -rf json},
 * telling them apart by shape, and compares two of a kind.
 */
public final class ResultFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultFiles() {}

    /** A result file's contents: one bench run, or a JMH run's benchmarks. */
    public sealed interface Loaded permits Bench, Jmh {}

    public record Bench(BenchResult result) implements Loaded {}

    public record Jmh(String source, List<JmhResult> results) implements Loaded {}

    public static Loaded read(Path file) throws IOException {
        String source = file.toString();
        JsonNode doc = tree(file);
        if (JmhResult.looksLikeOne(doc)) return new Jmh(source, JmhResult.read(source, doc));
        if (BenchResultJson.looksLikeOne(doc)) return new Bench(BenchResultJson.read(source, doc));
        throw JsonField.root(source, doc).expected("a dgan bench result (an object with format and stages) or a JMH result (an array of benchmarks)");
    }

    /** A bench result to compare a new run with; a JMH file cannot be. */
    public static BenchResult readBench(Path file) throws IOException {
        if (read(file) instanceof Bench b) return b.result();
        throw new IllegalArgumentException(file + ": a JMH result; a dgan bench run compares only with a dgan bench --json file");
    }

    /** Compares two files of the same kind, prints the table to {@code out}; true when something regressed. */
    public static boolean compare(Path oldFile, Path newFile, RegressionRule rule, PrintWriter out) throws IOException {
        Loaded old = read(oldFile), now = read(newFile);
        return switch (old) {
            case Bench o when now instanceof Bench n -> compare(o.result(), n.result(), rule, out);
            case Jmh o when now instanceof Jmh n -> {
                JmhComparison c = JmhComparison.of(o.source(), o.results(), n.source(), n.results(), rule);
                JmhTable.print(c, out);
                yield !c.regressions().isEmpty();
            }
            default -> throw new IllegalArgumentException(oldFile + " is " + kind(old) + " and " + newFile + " " + kind(now)
                    + ": compare two files of the same kind");
        };
    }

    public static boolean compare(BenchResult old, BenchResult now, RegressionRule rule, PrintWriter out) {
        StageComparison c = StageComparison.of(old, now, rule);
        StageTable.print(c, out);
        return !c.regressions().isEmpty();
    }

    private static String kind(Loaded l) {
        return l instanceof Jmh ? "a JMH result" : "a dgan bench result";
    }

    private static JsonNode tree(Path file) throws IOException {
        try {
            JsonNode doc = JSON.readTree(Files.readAllBytes(file));
            if (doc == null || doc.isMissingNode()) throw new IllegalArgumentException(file + ": empty, expected JSON");
            return doc;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }
}
