package dev.dgan.host;

import dev.dgan.host.stop.StopSignal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dgan.host.bench.BenchResult;
import dev.dgan.host.bench.BenchResultJson;
import dev.dgan.host.bench.BuildInfo;
import dev.dgan.host.bench.MachineProbe;
import dev.dgan.host.bench.MatmulRate;
import dev.dgan.host.bench.RegressionRule;
import dev.dgan.host.bench.ResultFiles;
import dev.dgan.host.bench.StageStats;
import dev.dgan.api.Backbone;
import dev.dgan.api.Conditioning;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Precision;
import dev.dgan.api.image.Palette;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.io.PngEncoder;
import dev.dgan.host.io.ImageFiles;
import dev.dgan.host.label.LabelPipeline;
import dev.dgan.host.label.StageTimes;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.DeviceMemory;
import dev.dgan.runtime.DispatcherCalls;
import dev.dgan.runtime.LibTorch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code dgan bench}: the generation pipeline with per-stage latency histograms. Stages:
 * backbone (synthesis, taps copied out), interpreter (fused ensemble: labels, vote and
 * Jensen-Shannon in one pass, so uncertainty has no stage of its own), encode (PNG bytes of
 * image, label and overlay) and write (the bytes to a scratch directory, deleted afterwards).
 * With {@code --compare} it judges a run, or one saved result against another, for regressions.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure labeled pairs per second and per-stage latency (HdrHistogram percentiles) of a trained model.",
                "With --compare, judge the run against a saved result, or two saved results (dgan bench --json or JMH -rf json files)"
                        + " against each other; exit status 4 means a regression."})
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--model", paramLabel = "MODEL_DIR",
            description = "A directory written by dgan train (dgan demo writes DIR/model); needed unless --compare is given two files.")
    Path model;

    @Option(names = "--count", defaultValue = "32", paramLabel = "N", description = "Samples measured (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--warmup", defaultValue = "8", paramLabel = "N", description = "Samples rendered first and not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    BatchOption batchOption;

    private int batch;

    @Mixin
    DeviceOption device;

    @Mixin
    PrecisionOption precision;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON (format dgan-bench/2).")
    Path json;

    @Option(names = "--compare", arity = "1..2", paramLabel = "FILE",
            description = "With one file (OLD), compare this run with it; with two (OLD NEW), compare them and run nothing: "
                    + "both dgan bench --json files, or both JMH -rf json files.")
    List<Path> compare;

    @Option(names = "--threshold", defaultValue = "10", paramLabel = "PCT",
            description = "How many percent slower a stage's p50 (or a JMH score) may get before it counts as a regression,"
                    + " if the change is also beyond the noise (default ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    public Integer call() throws Exception {
        RegressionRule rule = new RegressionRule(threshold);
        PrintWriter out = dgan.spec.commandLine().getOut();
        if (compare != null && compare.size() > 2)
            throw new IllegalArgumentException("--compare: expected OLD or OLD NEW, got " + compare.size() + " files");
        if (compare != null && compare.size() == 2) {
            if (model != null)
                throw new IllegalArgumentException("--compare OLD NEW compares two saved results and runs nothing: drop --model,"
                        + " or give --compare only OLD to compare a run with it");
            return ResultFiles.compare(compare.get(0), compare.get(1), rule, out) ? Dgan.REGRESSED : 0;
        }
        if (model == null) throw new IllegalArgumentException("--model MODEL_DIR is required (only --compare OLD NEW runs without one)");
        // read first: a bad baseline is one line now, not after the whole run
        BenchResult baseline = compare == null ? null : ResultFiles.readBench(compare.getFirst());
        Precision prec = precision.parse();
        if (count < 1 || warmup < 0) throw new IllegalArgumentException("--count must be positive, --warmup >= 0");
        batchOption.fixed();
        ModelInfo info = ModelInfo.read(model);
        var b = info.backbone();
        BackboneRef ref = new BackboneRef(b.name(), Path.of(b.checkpoint()), b.config() == null ? null : Path.of(b.config()));
        Device dev = device.device(dgan.torch());
        PrecisionOption.configure(prec);
        Path scratch = Files.createTempDirectory("dgan-bench");
        try (PluginRegistry registry = dgan.plugins(); Backbone backbone = ref.load(registry, dev);
             Interpreter interpreter = registry.task(info.task()).load(model, dev, prec)) {
            batch = batchOption.resolve(backbone, interpreter, info.truncation(), dev, count, dgan.spec.commandLine().getErr());
            DeviceMemory memory = DeviceMemory.of(dev);
            StageTimes warm = new StageTimes(), times = new StageTimes();
            render(backbone, interpreter, info.truncation(), dev, warm, 1_000_000, warmup, scratch);
            memory.resetPeak();
            long callsBefore = DispatcherCalls.count();
            long start = System.nanoTime();
            render(backbone, interpreter, info.truncation(), dev, times, 0, count, scratch);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = memory.peak();
            double callsPerImage = (DispatcherCalls.count() - callsBefore) / (double) count;
            out.printf(Locale.ROOT, "%s on %s (%s, %d px), %s, %s, batch %d, %d threads: %d labeled pairs in %.2f s = %.2f pairs/s%n",
                    info.task(), b.name(), b.variant(), b.resolution(), dev, PrecisionOption.describe(prec, dev), batch,
                    dgan.torch().intraOpThreads(), count, seconds, count / seconds);
            times.print(out);
            Map<String, Double> gflops = gflops(times, backbone, interpreter);
            double matmul = gflops.isEmpty() ? Double.NaN : MatmulRate.gflopsPerSecond(dev);
            gflops.forEach((stage, rate) -> out.printf(Locale.ROOT,
                    "%s: %.1f GFLOP/s (%.2f GFLOP per image, counted from its shape): %.0f%% of this device's float32 matmul rate%n", stage, rate,
                    ("backbone".equals(stage) ? backbone.flopsPerImage() : interpreter.flopsPerImage()).orElse(0) / 1e9, 100 * rate / matmul));
            if (!gflops.isEmpty()) out.printf(Locale.ROOT, "matmul rate: %.1f GFLOP/s (float32 GEMM here, the roofline of the counted work)%n", matmul);
            out.printf(Locale.ROOT, "libtorch dispatcher calls: %.0f per image (backbone %.0f, interpreter %.0f; each at least one kernel launch on a GPU)%n",
                    callsPerImage, times.dispatcherCallsPerImage("backbone"), times.dispatcherCallsPerImage("interpreter"));
            out.printf(Locale.ROOT, "peak memory: %.0f MiB %s%n", peak / 1048576.0,
                    dev.isCpu() ? "resident (VmHWM)" : "in use on " + dev + " (cudaMemGetInfo: libtorch's cache, the CUDA context, other processes)");
            BenchResult result = result(info, dev, prec, times, count / seconds);
            if (json != null) {
                // what the comparison does not read, after what it does
                Map<String, Object> extras = new LinkedHashMap<>();
                extras.put("warmup", warmup);
                extras.put("peakMemoryBytes", peak);
                extras.put("dispatcherCallsPerImage", callsPerImage);
                extras.put("gflopsPerSecond", gflops);
                if (!gflops.isEmpty()) extras.put("matmulGflopsPerSecond", matmul);
                backbone.flopsPerImage().ifPresent(f -> extras.put("backboneFlopsPerImage", f));
                interpreter.flopsPerImage().ifPresent(f -> extras.put("interpreterFlopsPerImage", f));
                extras.put("peakMemoryKind", dev.isCpu() ? "resident" : "device");
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                AtomicFiles.write(json, os -> m.writeValue(os, BenchResultJson.write(result, seconds, extras)));
            }
            if (baseline != null) {
                out.println();
                return ResultFiles.compare(baseline, result, rule, out) ? Dgan.REGRESSED : 0;
            }
        } finally {
            try (var files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return 0;
    }

    /** What the run measured, with what a comparison needs to know about where and how. */
    private BenchResult result(ModelInfo info, Device dev, Precision prec, StageTimes times, double pairsPerSecond) {
        LibTorch torch = dgan.torch();
        BuildInfo build = BuildInfo.current();
        var software = new BenchResult.Software(build.version(), build.revision(),
                Runtime.version() + " (" + System.getProperty("java.vendor") + ")", torch.version());
        var b = info.backbone();
        var settings = new BenchResult.Settings(dev.toString(), prec.cliName(), batch, torch.intraOpThreads(),
                torch.blasThreads().isPresent() ? torch.blasThreads().getAsInt() : null, info.task(), b.name(), b.variant(),
                b.resolution(), model.toAbsolutePath().toString());
        Map<String, StageStats> stages = new LinkedHashMap<>();
        times.histograms().forEach((stage, h) -> stages.put(stage, StageStats.of(h)));
        return new BenchResult("this run", BenchResultJson.FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                MachineProbe.probe(dev), software, settings, count, pairsPerSecond, stages);
    }

    private void render(Backbone backbone, Interpreter interpreter, double psi, Device dev, StageTimes times, long firstSeed, int n,
                        Path scratch) throws Exception {
        LabelPipeline pipeline = new LabelPipeline(backbone, interpreter, dev, times);
        for (int done = 0; done < n; done += batch) {
            StopSignal.process().check();
            int k = Math.min(batch, n - done);
            long[] seeds = new long[k];
            for (int i = 0; i < k; i++) seeds[i] = firstSeed + done + i;
            for (LabelPipeline.Rendered r : pipeline.run(new SampleRequest(seeds, spreadClasses(backbone, done, k), psi))) {
                List<byte[]> encoded = times.time("encode", () -> encode(r));
                int index = done + r.id().index();
                times.time("write", () -> {
                    for (int f = 0; f < encoded.size(); f++) Files.write(scratch.resolve(index + "-" + f + ".png"), encoded.get(f));
                    return null;
                });
            }
        }
    }

    /** Achieved rate of each stage whose work is counted: images x FLOPs per image / the stage's total time. */
    private static Map<String, Double> gflops(StageTimes times, Backbone backbone, Interpreter interpreter) {
        Map<String, Double> out = new LinkedHashMap<>();
        rate(out, "backbone", times, backbone.flopsPerImage());
        rate(out, "interpreter", times, interpreter.flopsPerImage());
        return out;
    }

    private static void rate(Map<String, Double> out, String stage, StageTimes times, java.util.OptionalDouble flops) {
        double seconds = times.totalSeconds(stage);
        long images = times.images(stage);
        if (flops.isPresent() && seconds > 0 && images > 0) out.put(stage, images * flops.getAsDouble() / seconds / 1e9);
    }

    /**
     * Class-conditional backbones draw sample i of the run for class i mod classes, so a run
     * covers the classes evenly instead of timing one class's path.
     */
    static Optional<int[]> spreadClasses(Backbone backbone, int first, int k) {
        if (!(backbone.info().conditioning() instanceof Conditioning.ClassLabels labels)) return Optional.empty();
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) ids[i] = (first + i) % labels.classes();
        return Optional.of(ids);
    }

    private static List<byte[]> encode(LabelPipeline.Rendered r) throws Exception {
        BufferedImage image = ImageFiles.toImage(r.pixels(), 0, r.height(), r.width(), r.channels());
        List<BufferedImage> images = new ArrayList<>(List.of(image));
        if (r.labeled() instanceof Labeled.Segmentation s) {
            images.add(Palette.indexImage(s.labels()));
            images.add(Palette.overlay(image, s.labels()));
        }
        List<byte[]> out = new ArrayList<>();
        for (BufferedImage img : images) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PngEncoder.write(img, bytes);
            out.add(bytes.toByteArray());
        }
        return out;
    }
}
