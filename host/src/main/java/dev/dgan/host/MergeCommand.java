package dev.dgan.host;

import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.host.generate.ShardMerge;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dgan merge DIR}: the shards of one run, filtered as a whole, into one dataset. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the shards that dgan generate --shard i/n --defer-filter wrote into DIR: one metadata.jsonl, the uncertainty filter over"
                + " all samples (exact), COCO and WebDataset, byte for byte what one dgan generate of the whole run writes.",
                "Every shard must be committed (manifest-i-of-n.json); exits with 5 naming the unfinished ones otherwise."})
final class MergeCommand implements Callable<Integer> {

    /** Exit status when some shards have no manifest yet: run them (again), then merge. */
    static final int SHARDS_MISSING = 5;

    @ParentCommand
    Dgan dgan;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dataset directory the shards share.")
    Path dir;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "The model, if it moved since the shards ran (default: the one run-i-of-n.json names).")
    Path model;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a directory");
        ShardMerge.Status status = ShardMerge.status(dir);
        if (!status.missing().isEmpty()) {
            dgan.spec.commandLine().getErr().println("dgan: " + status.missing().size() + " of " + status.shards() + " shards in " + dir
                    + " are not finished (no manifest): " + status.missing() + "; run them again with the same options, then merge");
            return SHARDS_MISSING;
        }
        Path modelDir = model != null ? model : Path.of(status.run().model());
        Precision precision = Precision.parse(status.run().precision(), "run-i-of-n.json");
        dgan.torch();
        long start = System.nanoTime();
        try (PluginRegistry registry = dgan.plugins()) {
            TaskProvider provider = registry.task(status.run().task());
            // the interpreter is loaded for its labels and output folders only: nothing is labeled here
            try (Interpreter interpreter = provider.load(modelDir, Device.CPU, precision)) {
                ShardMerge.Result r = ShardMerge.merge(status, interpreter.task(), interpreter.labels(), provider.outputs(interpreter));
                dgan.spec.commandLine().getOut().printf(Locale.ROOT, "merged %d shards: %d samples, %d kept, %d moved to filtered/ (%.2f s) -> %s%n",
                        r.shards(), r.samples(), r.kept(), r.dropped(), (System.nanoTime() - start) / 1e9, dir);
            }
        }
        return 0;
    }
}
