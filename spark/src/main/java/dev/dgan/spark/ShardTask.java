package dev.dgan.spark;

import dev.dgan.host.Dgan;
import dev.dgan.host.generate.Shard;
import dev.dgan.host.generate.ShardManifest;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.resource.ResourceInformation;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Spark partition: shard p of P, i.e. {@code dgan generate --shard p/P --defer-filter} in this
 * executor's JVM, with the same pipeline as the command line. A local dataset is written in place
 * (an earlier attempt's samples are resumed from its log); any other file system gets the shard
 * rendered into a local folder first and then put file by file, its manifest last. Either way the
 * shard's files are a function of (model, seed, index) only, so a retried or speculative attempt
 * writes the same bytes under the same names.
 */
final class ShardTask implements VoidFunction<Iterator<Integer>> {

    private final SparkArgs args;
    private final int partitions;
    private final Map<String, String> hadoop;
    private final boolean staged;

    ShardTask(SparkArgs args, int partitions, Map<String, String> hadoop, boolean staged) {
        this.args = args;
        this.partitions = partitions;
        this.hadoop = Map.copyOf(hadoop);
        this.staged = staged;
    }

    @Override
    public void call(Iterator<Integer> shards) throws Exception {
        ExecutorRuntime.get(args);
        while (shards.hasNext()) render(new Shard(shards.next(), partitions));
    }

    private void render(Shard shard) throws IOException {
        Path dir = staged ? Files.createTempDirectory("dgan-spark-" + shard.index() + "-of-" + shard.count() + "-") : DatasetStore.localPath(args.out());
        try {
            List<String> cmd = new ArrayList<>(List.of("generate"));
            String gpu = gpuDevice();
            cmd.addAll(gpu == null ? args.generate() : args.without("--device"));
            if (gpu != null) cmd.addAll(List.of("--device", gpu));
            cmd.addAll(List.of("--shard", shard.toString(), "--defer-filter", "--out", dir.toString()));
            StringWriter out = new StringWriter(), err = new StringWriter();
            int status = Dgan.run(new PrintWriter(out, true), new PrintWriter(err, true), cmd.toArray(String[]::new));
            System.err.print(err);
            System.out.print(out);
            if (status != 0) throw new IllegalStateException("dgan generate --shard " + shard + " exited with " + status + ": " + err.toString().strip());
            if (staged) new DatasetStore(args.out(), hadoop).upload(dir, ShardManifest.fileName(shard));
        } finally {
            if (staged) deleteTree(dir);
        }
    }

    /** {@code cuda:N} for the GPU Spark assigned this task (spark.task.resource.gpu.amount), else null. */
    static String gpuDevice() {
        TaskContext ctx = TaskContext.get();
        return ctx == null ? null : device(ctx.resources().get("gpu").getOrElse(() -> null));
    }

    /** {@code cuda:N} for the first address of a task's GPU resource (Spark gives a task as many as it asked for), else null. */
    static String device(ResourceInformation gpu) {
        if (gpu == null || gpu.addresses().length == 0) return null;
        return "cuda:" + gpu.addresses()[0].trim();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
