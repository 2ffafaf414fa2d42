package dev.dgan.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dgan-spark generate [--master M] [--partitions P] [--rounds R] GENERATE_OPTIONS}: the
 * Spark settings, and every other option as {@code dgan generate} takes it (they are passed to
 * each partition's {@code generate --shard p/P --defer-filter} unchanged, except {@code --out},
 * which may be any Hadoop file system URI, and {@code --device}, which a GPU assigned to the
 * task overrides).
 *
 * @param master     Spark master URL; null takes spark-submit's (or spark.master)
 * @param partitions index ranges (Spark tasks); default twice the default parallelism
 * @param rounds     Spark jobs at most: each reruns the shards a previous one left uncommitted
 * @param generate   the generate options without --out
 */
public record SparkArgs(String master, Integer partitions, int rounds, String out, int count, List<String> generate) implements Serializable {

    public SparkArgs {
        generate = List.copyOf(generate);
        if (partitions != null && partitions < 1) throw new IllegalArgumentException("--partitions must be positive, got " + partitions);
        if (partitions != null && partitions > count) throw new IllegalArgumentException("--partitions " + partitions + " exceeds --count " + count);
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be positive, got " + rounds);
    }

    static final String USAGE = "usage: dgan-spark generate [--master URL] [--partitions P] [--rounds R] --model DIR --count N --out URI [dgan generate options]";

    public static SparkArgs parse(String... args) {
        if (args.length == 0 || !args[0].equals("generate")) throw new IllegalArgumentException(USAGE);
        String master = null, out = null;
        Integer partitions = null, count = null;
        int rounds = 3;
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            boolean known = List.of("--master", "--partitions", "--rounds", "--out", "--shard", "--defer-filter").contains(name);
            String value = null;
            if (known && !name.equals("--defer-filter")) {
                if (a.contains("=")) value = a.substring(a.indexOf('=') + 1);
                else if (i + 1 < args.length) value = args[++i];
                else throw new IllegalArgumentException(name + " needs a value; " + USAGE);
            }
            switch (name) {
                case "--master" -> master = value;
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--out" -> out = value;
                case "--shard", "--defer-filter" -> throw new IllegalArgumentException(name + " is set per partition by dgan-spark; leave it out");
                default -> {
                    rest.add(a);
                    if (name.equals("--count")) count = Integer.parseInt(a.contains("=") ? a.substring(a.indexOf('=') + 1) : args[i + 1]);
                }
            }
        }
        if (out == null) throw new IllegalArgumentException("--out is required; " + USAGE);
        if (count == null || count < 1) throw new IllegalArgumentException("--count N (positive) is required; " + USAGE);
        return new SparkArgs(master, partitions, rounds, out, count, rest);
    }

    /** The value of a generate option (the last one given), or null. */
    String option(String name) {
        String v = null;
        for (int i = 0; i < generate.size(); i++) {
            String a = generate.get(i);
            if (a.equals(name) && i + 1 < generate.size()) v = generate.get(i + 1);
            else if (a.startsWith(name + "=")) v = a.substring(name.length() + 1);
        }
        return v;
    }

    /** The generate options without {@code name} and its value. */
    List<String> without(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < generate.size(); i++) {
            String a = generate.get(i);
            if (a.equals(name)) i++;
            else if (!a.startsWith(name + "=")) out.add(a);
        }
        return out;
    }
}
