package dev.dgan.spark;

import dev.dgan.host.Dgan;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver: splits the run into P contiguous index ranges, runs the uncommitted ones as one
 * Spark job (one task each; Spark retries a failed task up to spark.task.maxFailures), then,
 * since a shard counts only once its manifest exists, runs any shard still without one in another
 * job, up to {@code --rounds} jobs; finally merges the shards with {@code dgan merge}, which filters
 * over all samples at once.
 */
public final class SparkGenerate {

    /** What a run did: partitions, Spark jobs, and the merge's summary line. */
    public record Outcome(int partitions, int jobs, String merge) {}

    private SparkGenerate() {}

    /** The system property that forces the staged (any file system) path also for local datasets: for testing it. */
    static final String STAGE_PROPERTY = "dgan.spark.stage";

    public static Outcome run(JavaSparkContext sc, SparkArgs args, PrintStream log) throws IOException {
        int partitions = args.partitions() != null ? args.partitions() : Math.min(args.count(), 2 * sc.defaultParallelism());
        Map<String, String> hadoop = new HashMap<>();
        for (Tuple2<String, String> e : sc.getConf().getAll())
            if (e._1().startsWith("spark.hadoop.")) hadoop.put(e._1().substring("spark.hadoop.".length()), e._2());
        boolean staged = !DatasetStore.isLocal(args.out()) || Boolean.getBoolean(STAGE_PROPERTY);
        DatasetStore store = new DatasetStore(args.out(), hadoop);
        int jobs = 0;
        for (int round = 1; round <= args.rounds(); round++) {
            List<Integer> todo = store.uncommitted(partitions);
            if (todo.isEmpty()) break;
            log.printf("dgan-spark: job %d: %d of %d shards to render%n", round, todo.size(), partitions);
            jobs++;
            long start = System.nanoTime();
            try {
                sc.parallelize(todo, todo.size()).foreachPartition(new ShardTask(args, partitions, hadoop, staged));
                log.printf(java.util.Locale.ROOT, "dgan-spark: job %d done in %.2f s%n", round, (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                if (!(e instanceof SparkException) && !(e.getCause() instanceof SparkException) && round == args.rounds()) throw e;
                log.println("dgan-spark: job " + round + " failed (" + firstLine(e) + "); the shards without a manifest run again");
            }
        }
        List<Integer> left = store.uncommitted(partitions);
        if (!left.isEmpty())
            throw new IllegalStateException(left.size() + " shards have no manifest after " + jobs + " jobs: " + left + "; run the same command again");
        long start = System.nanoTime();
        String merged = merge(args, store, hadoop);
        log.printf(java.util.Locale.ROOT, "dgan-spark: merge done in %.2f s on the driver%n", (System.nanoTime() - start) / 1e9);
        return new Outcome(partitions, jobs, merged);
    }

    /** {@code dgan merge} on the driver: in place for a local dataset, else on a local copy that is then put back. */
    private static String merge(SparkArgs args, DatasetStore store, Map<String, String> hadoop) throws IOException {
        boolean local = DatasetStore.isLocal(args.out()) && !Boolean.getBoolean(STAGE_PROPERTY);
        Path dir = local ? DatasetStore.localPath(args.out()) : Files.createTempDirectory("dgan-spark-merge-");
        Map<String, byte[]> before = null;
        if (!local) {
            store.download(dir);
            before = DatasetStore.digests(dir);
        }
        List<String> cmd = new ArrayList<>(List.of("merge", dir.toString()));
        for (String global : List.of("--plugins", "--libtorch"))
            if (args.option(global) != null) cmd.addAll(List.of(global, args.option(global)));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Dgan.run(new PrintWriter(out, true), new PrintWriter(err, true), cmd.toArray(String[]::new));
        if (status != 0) throw new IllegalStateException("dgan merge exited with " + status + ": " + err.toString().strip());
        if (!local) store.sync(dir, before);
        return out.toString().strip();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
