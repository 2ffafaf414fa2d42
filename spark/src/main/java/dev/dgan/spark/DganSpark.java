package dev.dgan.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import javax.imageio.ImageIO;

/**
 * {@code dgan-spark generate ...} (or {@code spark-submit --class dev.dgan.spark.DganSpark ... generate ...}):
 * one dataset from many executors. See {@link SparkArgs} for the options and {@link SparkGenerate} for the run.
 */
public final class DganSpark {

    private DganSpark() {}

    public static void main(String[] argv) {
        SparkArgs args;
        try {
            args = SparkArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("dgan-spark: " + e.getMessage());
            System.exit(2);
            return;
        }
        ImageIO.setUseCache(false);
        SparkConf conf = new SparkConf().setAppName("dgan generate");
        conf.setIfMissing("spark.log.level", "WARN");
        if (args.master() != null) conf.setMaster(args.master());
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        int status = 0;
        long start = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            System.out.printf(java.util.Locale.ROOT, "dgan-spark: Spark started in %.2f s%n", (System.nanoTime() - start) / 1e9);
            SparkGenerate.Outcome o = SparkGenerate.run(sc, args, System.out);
            System.out.printf("dgan-spark: %d samples in %d partitions (%d jobs), %.1f s; %s%n", args.count(), o.partitions(), o.jobs(),
                    (System.nanoTime() - start) / 1e9, o.merge());
        } catch (Exception e) {
            System.err.println("dgan-spark: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }
}
