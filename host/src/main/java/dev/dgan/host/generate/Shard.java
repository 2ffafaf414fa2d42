package dev.dgan.host.generate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part {@code index} (0-based) of {@code count} equal parts of a run: a contiguous range of
 * sample indices. Sample i always has seed S + i, so shards never collide and their output
 * directories can be merged by copying.
 */
public record Shard(int index, int count) {

    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count)
            throw new IllegalArgumentException("--shard: expected i/n with 0 <= i < n, got " + index + "/" + count);
    }

    /** Parses "i/n". */
    public static Shard parse(String text) {
        String[] p = text.trim().split("/");
        try {
            if (p.length != 2) throw new NumberFormatException();
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard: expected i/n (for example 0/4), got '" + text + "'");
        }
    }

    public int first(int total) {
        return (int) ((long) total * index / count);
    }

    public int end(int total) {
        return (int) ((long) total * (index + 1) / count);
    }

    /** File-name suffix: empty for a whole run, "-i-of-n" otherwise. */
    public String suffix() {
        return count == 1 ? "" : "-" + index + "-of-" + count;
    }

    /** A sample's file (image/000012.png, label/000012.png, ...): its index. */
    private static final Pattern SAMPLE_FILE = Pattern.compile("(\\d{6,})\\.[^.]+");

    /**
     * Whether a file of a dataset directory (by name) is this shard's in a run of {@code total}
     * samples: a sample file of its index range, or a file named with its {@link #suffix()}
     * (metadata-1-of-4.jsonl, shard-1-of-4-000000.tar). Shards that share a directory touch only
     * their own files. A whole run owns them all.
     */
    public boolean owns(String fileName, int total) {
        if (count == 1) return true;
        Matcher sample = SAMPLE_FILE.matcher(fileName);
        if (sample.matches()) {
            long index = Long.parseLong(sample.group(1));
            return index >= first(total) && index < end(total);
        }
        Matcher named = Pattern.compile(Pattern.quote(suffix()) + "(?!\\d)").matcher(fileName);
        return named.find();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
