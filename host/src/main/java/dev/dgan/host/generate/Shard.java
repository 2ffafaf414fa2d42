package dev.dgan.host.generate;

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

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
