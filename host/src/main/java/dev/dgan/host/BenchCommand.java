package dev.dgan.host;

import dev.dgan.host.stop.StopSignal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure labeled pairs per second and per-stage latency (HdrHistogram percentiles) of a trained model.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "A directory written by dgan train (dgan demo writes DIR/model).")
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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Precision prec = precision.parse();
        if (count < 1 || warmup < 0) throw new IllegalArgumentException("--count must be positive, --warmup >= 0");
        batchOption.fixed();
        ModelInfo info = ModelInfo.read(model);
        var b = info.backbone();
        BackboneRef ref = new BackboneRef(b.name(), Path.of(b.checkpoint()), b.config() == null ? null : Path.of(b.config()));
        Device dev = device.device(dgan.torch());
        PrecisionOption.configure(prec);
        PrintWriter out = dgan.spec.commandLine().getOut();
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
            gflops.forEach((stage, rate) -> out.printf(Locale.ROOT, "%s: %.1f GFLOP/s (%.2f GFLOP per image, counted from its shape)%n", stage, rate,
                    ("backbone".equals(stage) ? backbone.flopsPerImage() : interpreter.flopsPerImage()).orElse(0) / 1e9));
            out.printf(Locale.ROOT, "libtorch dispatcher calls: %.0f per image (backbone %.0f, interpreter %.0f; each at least one kernel launch on a GPU)%n",
                    callsPerImage, times.dispatcherCallsPerImage("backbone"), times.dispatcherCallsPerImage("interpreter"));
            out.printf(Locale.ROOT, "peak memory: %.0f MiB %s%n", peak / 1048576.0,
                    dev.isCpu() ? "resident (VmHWM)" : "in use on " + dev + " (cudaMemGetInfo: libtorch's cache, the CUDA context, other processes)");
            if (json != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", model.toAbsolutePath().toString());
                doc.put("device", dev.toString());
                doc.put("precision", prec.cliName());
                doc.put("batch", batch);
                doc.put("samples", count);
                doc.put("seconds", seconds);
                doc.put("pairsPerSecond", count / seconds);
                doc.put("stages", times.summary());
                doc.put("peakMemoryBytes", peak);
                doc.put("dispatcherCallsPerImage", callsPerImage);
                doc.put("gflopsPerSecond", gflops);
                backbone.flopsPerImage().ifPresent(f -> doc.put("backboneFlopsPerImage", f));
                interpreter.flopsPerImage().ifPresent(f -> doc.put("interpreterFlopsPerImage", f));
                doc.put("peakMemoryKind", dev.isCpu() ? "resident" : "device");
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                AtomicFiles.write(json, os -> m.writeValue(os, doc));
            }
        } finally {
            try (var files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        return 0;
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
