package dev.dgan.host.sample;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.ImageEncoder;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.host.io.ImageFiles;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.stop.StopSignal;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders samples of a loaded backbone into a directory: PNG images, the latents that made
 * them, optional per-sample feature files and a manifest. Every file is written under a
 * temporary name and renamed, and the manifest is written last, so a directory with a
 * manifest is complete.
 */
public final class SampleRun {

    public static final String MANIFEST = "manifest.json";
    public static final String LATENTS = "latents.safetensors";

    /** Where the latents come from: seeds to draw from, or a file. */
    public sealed interface Source {
        long count();

        record Seeds(long firstSeed, long count, Optional<int[]> classIds) implements Source {
        }

        /** Sample i drawn from seeds[i] (a list {@code dgan select} wrote, say). */
        record SeedList(long[] seeds, Optional<int[]> classIds) implements Source {
            @Override
            public long count() {
                return seeds.length;
            }
        }

        record Given(LatentsFile file) implements Source {
            @Override
            public long count() {
                return file.count();
            }
        }

        /** Images encoded to latents by the backbone's encoder; class ids one per image when conditional. */
        record Images(ImageInputs images, Optional<int[]> classIds, ImageEncoder encoder) implements Source {
            @Override
            public long count() {
                return images.count();
            }
        }
    }

    public record Options(Path out, double truncation, int batch, boolean saveFeatures, Device device,
                          SampleManifest.Backbone describedAs) {
    }

    private final Backbone backbone;
    private final Options options;

    public SampleRun(Backbone backbone, Options options) {
        if (options.batch() <= 0) throw new IllegalArgumentException("--batch must be positive, got " + options.batch());
        this.backbone = backbone;
        this.options = options;
    }

    public SampleManifest run(Source source, ProgressBar progress) throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        if (options.saveFeatures()) Files.createDirectories(out.resolve("features"));
        long n = source.count();
        Collected collected = new Collected();
        try {
            for (long first = 0; first < n; first += options.batch()) {
                int b = (int) Math.min(options.batch(), n - first);
                try (TensorScope scope = TensorScope.open()) {
                    renderBatch(source, first, b, collected);
                }
                progress.advance(b);
                if (first + b < n && StopSignal.process().requested().isPresent())
                    throw StopSignal.process().stopped((first + b) + " of " + n + " images written to " + out + "; " + LATENTS
                            + " and " + MANIFEST + " are written by a complete run only");
            }
            Latents.Kind kind = source instanceof Source.Given g ? g.file().kind()
                    : collected.kind != null ? collected.kind : Latents.Kind.Z;
            writeLatents(out.resolve(LATENTS), kind, collected);
            SampleManifest manifest = new SampleManifest(SampleManifest.FORMAT, options.describedAs(),
                    options.truncation(), source instanceof Source.Seeds s ? s.firstSeed() : null, LATENTS,
                    kind.name().toLowerCase(), collected.samples);
            writeManifest(out.resolve(MANIFEST), manifest);
            return manifest;
        } finally {
            collected.close();
        }
    }

    /** What the batches add up to: manifest rows, and each batch's latents and class ids (CPU) for the latents file. */
    private static final class Collected implements AutoCloseable {
        final List<SampleManifest.Sample> samples = new ArrayList<>();
        /** The kind the backbone drew (code grids for VQGAN); null before the first batch. */
        Latents.Kind kind;
        final List<Tensor> latents = new ArrayList<>();
        final List<Tensor> classes = new ArrayList<>();

        @Override
        public void close() {
            latents.forEach(Tensor::close);
            classes.forEach(Tensor::close);
        }
    }

    /** Samples [first, first + b): one forward pass, then each sample's files. Runs inside a scope. */
    private void renderBatch(Source source, long first, int b, Collected collected) throws IOException {
        Path out = options.out();
        Latents latents = nextBatch(source, first, b);
        // tap copies must outlive synthesize's own scope: released from it, closed in the finally
        Map<String, Tensor> taps = new LinkedHashMap<>();
        try {
            Tensor image = backbone.synthesize(latents, options.saveFeatures()
                    ? (FeatureTap tap, Tensor map) -> taps.put(tap.name(),
                            TensorScope.release(Ops.toCopy(map, null, Device.CPU)))
                    : FeatureSink.NONE);
            Tensor pixels = ImageFiles.toPixels(image);
            byte[] bytes = pixels.toByteArray();
            long[] hwc = pixels.shape();
            Tensor rawImage = options.saveFeatures() ? image.cpu() : null;
            // code grids stay int64; every other latent is written as float32
            DType stored = latents.kind() == Latents.Kind.CODES ? DType.I64 : DType.F32;
            collected.kind = latents.kind();
            collected.latents.add(TensorScope.release(Ops.toCopy(latents.values(), stored, Device.CPU)));
            long[] cls = null;
            if (latents.classes().isPresent()) {
                Tensor c = TensorScope.release(Ops.toCopy(latents.classes().get(), DType.I64, Device.CPU));
                collected.classes.add(c);
                cls = c.toLongArray();
            }
            for (int j = 0; j < b; j++) {
                int index = (int) (first + j);
                String imageName = String.format("sample_%04d.png", index);
                ImageFiles.writePng(out.resolve(imageName), ImageFiles.toImage(bytes, j, (int) hwc[1], (int) hwc[2], (int) hwc[3]));
                String featureName = null;
                if (rawImage != null) {
                    featureName = String.format("features/sample_%04d.safetensors", index);
                    writeFeatures(out.resolve(featureName), rawImage, taps, j, index, source);
                }
                Long seed = seedOf(source, index);
                Integer classId = cls == null ? null : (int) cls[j];
                String from = source instanceof Source.Images im ? im.images().dir().toAbsolutePath()
                        .relativize(im.images().files().get(index).toAbsolutePath()).toString() : null;
                collected.samples.add(new SampleManifest.Sample(index, seed, classId, imageName, index, featureName, from));
            }
        } finally {
            taps.values().forEach(Tensor::close);
            // backbones hand out latents outside any scope (sample, encode): this batch owns them
            latents.close();
        }
    }

    /** The seed sample {@code index} is drawn from, or null when its latent was given or encoded. */
    private static Long seedOf(Source source, int index) {
        return switch (source) {
            case Source.Seeds s -> s.firstSeed() + index;
            case Source.SeedList l -> l.seeds()[index];
            default -> null;
        };
    }

    private Latents nextBatch(Source source, long start, int b) throws IOException {
        return switch (source) {
            case Source.Seeds s -> {
                long[] seeds = new long[b];
                for (int j = 0; j < b; j++) seeds[j] = s.firstSeed() + start + j;
                Optional<int[]> ids = s.classIds().map(all -> Arrays.copyOfRange(all, (int) start, (int) start + b));
                yield backbone.sample(new SampleRequest(seeds, ids, options.truncation()));
            }
            case Source.SeedList l -> {
                long[] seeds = Arrays.copyOfRange(l.seeds(), (int) start, (int) start + b);
                Optional<int[]> ids = l.classIds().map(all -> Arrays.copyOfRange(all, (int) start, (int) start + b));
                yield backbone.sample(new SampleRequest(seeds, ids, options.truncation()));
            }
            case Source.Given g -> g.file().batch(start, b, options.device()).withTruncation(options.truncation());
            case Source.Images im -> {
                Optional<int[]> ids = im.classIds().map(all -> Arrays.copyOfRange(all, (int) start, (int) start + b));
                try (Tensor pixels = im.images().batch(start, b)) {
                    yield im.encoder().encode(pixels, ids);
                }
            }
        };
    }

    private static void writeFeatures(Path file, Tensor image, Map<String, Tensor> taps, int j, int index,
                                      Source source) throws IOException {
        List<TensorData> tensors = new ArrayList<>();
        tensors.add(row("image", image, j));
        for (Map.Entry<String, Tensor> e : taps.entrySet()) tensors.add(row(e.getKey(), e.getValue(), j));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("sample", Integer.toString(index));
        Long seed = seedOf(source, index);
        if (seed != null) meta.put("seed", Long.toString(seed));
        if (source instanceof Source.Images im) meta.put("source", im.images().files().get(index).getFileName().toString());
        SafetensorsWriter.write(file, tensors, meta);
    }

    /** Sample {@code j} of a batch tensor, without the batch dimension. */
    private static TensorData row(String name, Tensor batch, int j) {
        Tensor r = Ops.contiguous(Ops.narrow(batch, 0, j, 1));
        long[] shape = Arrays.copyOfRange(r.shape(), 1, r.shape().length);
        return new TensorData(name, r.dtype(), shape, r.data());
    }

    private static void writeLatents(Path file, Latents.Kind kind, Collected collected) throws IOException {
        String name = switch (kind) {
            case Z -> "z";
            case W -> "w";
            case WS -> "ws";
            case CODES -> "codes";
        };
        try (TensorScope scope = TensorScope.open()) {
            Tensor all = Ops.cat(collected.latents, 0);
            List<TensorData> tensors = new ArrayList<>();
            tensors.add(new TensorData(name, all.dtype(), all.shape(), all.data()));
            if (!collected.classes.isEmpty()) {
                Tensor c = Ops.cat(collected.classes, 0);
                tensors.add(new TensorData("c", DType.I64, c.shape(), c.data()));
            }
            SafetensorsWriter.write(file, tensors, Map.of("rows", "row i = sample i"));
        }
    }

    static void writeManifest(Path file, SampleManifest manifest) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, json.writeValueAsBytes(manifest));
    }
}
