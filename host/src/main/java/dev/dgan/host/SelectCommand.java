package dev.dgan.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.api.Backbone;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.host.annotate.ListedSample;
import dev.dgan.host.annotate.SampleListing;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.select.CandidatePool;
import dev.dgan.host.select.Selection;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

/** {@code dgan select}: which generated samples are worth annotating next. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {"Pick the next samples worth annotating from a pool of candidate seeds: with --model, k-center greedy over"
                + " the most uncertain candidates (ensemble Jensen-Shannon); without, k-center greedy over pooled generator features.",
                "Writes the chosen seeds (for dgan sample --seeds) and their scores as JSON (for dgan annotate --select)."})
final class SelectCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--model", paramLabel = "DIR", description = "The current model (dgan train); without it, features only (the first round).")
    Path model;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Without --model: the generator (default: the bundled demo generator).")
    Path checkpoint;

    @Option(names = "--backbone", defaultValue = "stylegan2", paramLabel = "NAME", description = "Without --model: backbone of --checkpoint (default ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--config", paramLabel = "FILE", description = "Without --model: config JSON of --checkpoint, if it needs one.")
    Path config;

    @Option(names = "--pool", defaultValue = "200", paramLabel = "N", description = "Candidates: seeds S to S+N-1 (default ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--seed", defaultValue = "100000", paramLabel = "S", description = "First candidate seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pick", required = true, paramLabel = "K", description = "How many samples to choose.")
    int pick;

    @Option(names = "--uncertain-fraction", defaultValue = "0.25", paramLabel = "F",
            description = "With --model: choose among the most uncertain fraction F of the pool (default ${DEFAULT-VALUE}).")
    double uncertainFraction;

    @Option(names = "--exclude", paramLabel = "DIR", description = "Samples already annotated (a dgan sample folder): not candidates, and picks keep away from them.")
    Path exclude;

    @Option(names = "--truncation", paramLabel = "PSI", description = "Truncation psi (default: the model's, else 1).")
    Double truncation;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Seeds file to write, one per line (dgan sample --seeds FILE).")
    Path out;

    @Option(names = "--scores", paramLabel = "FILE", description = "Scores JSON to write (default: --out with the extension .json).")
    Path scores;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "B", description = "Candidates per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (pool <= 0 || pick <= 0 || pick > pool) throw new IllegalArgumentException("expected 0 < --pick <= --pool, got --pick " + pick + " --pool " + pool);
        if (!(uncertainFraction > 0 && uncertainFraction <= 1)) throw new IllegalArgumentException("--uncertain-fraction must be in (0, 1], got " + uncertainFraction);
        if (model != null && checkpoint != null) throw new IllegalArgumentException("give --model or --checkpoint, not both (the model names its generator)");
        Path scoresFile = scores != null ? scores : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".json");
        ModelInfo info = model == null ? null : ModelInfo.read(model);
        BackboneRef ref = info != null ? new BackboneRef(info.backbone().name(), Path.of(info.backbone().checkpoint()),
                info.backbone().config() == null ? null : Path.of(info.backbone().config()))
                : checkpoint != null ? new BackboneRef(backbone, checkpoint, config) : BackboneRef.bundledDemo();
        double psi = truncation != null ? truncation : info != null ? info.truncation() : 1.0;
        Device dev = device.device(dgan.torch());
        var err = dgan.spec.commandLine().getErr();
        long[] annotatedSeeds = exclude == null ? new long[0] : SampleListing.read(exclude).samples().stream()
                .map(ListedSample::seed).filter(s -> s != null).mapToLong(Long::longValue).toArray();
        Set<Long> skip = new HashSet<>();
        for (long s : annotatedSeeds) skip.add(s);
        long[] candidates = LongStream.range(seed, seed + pool + skip.size()).filter(s -> !skip.contains(s)).limit(pool).toArray();
        Selection selection;
        try (PluginRegistry registry = dgan.plugins(); Backbone gen = ref.load(registry, dev);
             Interpreter interpreter = info == null ? null : registry.task(info.task()).load(model, dev, Precision.FP32)) {
            CandidatePool candidatePool = new CandidatePool(gen, Optional.ofNullable(interpreter), dev, psi, batch);
            float[][] annotated = annotatedSeeds.length == 0 ? new float[0][]
                    : candidatePool.describe(annotatedSeeds, new ProgressBar(err, "annotated", annotatedSeeds.length, false)).features();
            CandidatePool.Described described = candidatePool.describe(candidates,
                    new ProgressBar(err, "select", candidates.length, System.console() != null));
            selection = Selection.choose(described, annotated, pick, uncertainFraction, seed);
        }
        long[] chosen = selection.picked().stream().mapToLong(Selection.Picked::seed).toArray();
        SeedsFile.write(out, "dgan select: " + selection.method(), chosen);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(scoresFile, json.writeValueAsBytes(selection));
        dgan.spec.commandLine().getOut().printf(Locale.ROOT, "chose %d of %d candidates (%s): seeds %s -> %s, %s%n", chosen.length,
                candidates.length, selection.method(), Arrays.toString(chosen), out, scoresFile);
        return 0;
    }
}
