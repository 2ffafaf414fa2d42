package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.ImageEncoder;
import dev.dgan.host.classes.ClassNames;
import dev.dgan.host.io.OutputDirectory;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.sample.ImageInputs;
import dev.dgan.host.sample.LatentsFile;
import dev.dgan.host.sample.SampleManifest;
import dev.dgan.host.sample.SampleRun;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code dgan sample}: images (and optionally features) from a backbone, with the latents that made them. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Render samples of a generator backbone: PNG images, latents.safetensors and manifest.json.",
                "Sample i is drawn from seed S+i the way the reference tools draw it, so a seed reproduces a sample."})
final class SampleCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--backbone", defaultValue = "stylegan2", paramLabel = "NAME", description = "Backbone name (see `dgan plugins`; default ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Generator weights (.pkl, .pt, .safetensors, ...). Default: the bundled demo generator.")
    Path checkpoint;

    @Option(names = "--config", paramLabel = "FILE", description = "Config JSON for checkpoints that do not carry their constructor arguments.")
    Path config;

    @Option(names = "--count", paramLabel = "N", description = "Number of samples to draw from seeds (not with --latents).")
    Integer count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "First seed; sample i uses seed S+i (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--truncation", paramLabel = "PSI", defaultValue = "1.0", description = "Truncation psi (default ${DEFAULT-VALUE}: none).")
    double truncation;

    @Option(names = "--class", paramLabel = "ID|NAME", split = ",",
            description = "Class id(s) or name(s) for class-conditional backbones: one for all samples or one per sample.")
    List<String> classIds;

    @Option(names = "--seeds", paramLabel = "FILE",
            description = "Draw sample i from the i-th seed in FILE (one per line, # comments), e.g. the seeds dgan select wrote.")
    Path seedsFile;

    @Option(names = "--latents", paramLabel = "FILE", description = "Render these latents instead of drawing them: safetensors with z [N, z_dim], or w / ws, or int64 codes [N, h, w] for vqgan, plus c for conditional backbones.")
    Path latents;

    @Option(names = "--images", paramLabel = "DIR", description = "Encode these images (every PNG/JPEG in DIR, sorted by name, at the backbone's resolution) to latents and render those, for backbones with an encoder (vqgan).")
    Path images;

    @Option(names = "--save-features", description = "Also write the raw image and every feature tap per sample to features/sample_NNNN.safetensors.")
    boolean saveFeatures;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "4", description = "Samples per forward pass (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        int sources = (count == null ? 0 : 1) + (latents == null ? 0 : 1) + (images == null ? 0 : 1) + (seedsFile == null ? 0 : 1);
        if (sources != 1) {
            throw new IllegalArgumentException("give one of --count N (latents drawn from seeds), --seeds FILE, --latents FILE or --images DIR, not "
                    + (sources == 0 ? "none" : "several"));
        }
        if (count != null && count <= 0) throw new IllegalArgumentException("--count must be positive, got " + count);
        OutputDirectory.check(out, "--out");
        if (checkpoint == null) useBundledDemo();
        if (!Files.isRegularFile(checkpoint)) throw new IOException("checkpoint " + checkpoint + " does not exist");
        if (config != null && !Files.isRegularFile(config)) throw new IOException("config " + config + " does not exist");
        Device dev = device.device(dgan.torch());
        PrintWriter err = dgan.spec.commandLine().getErr();
        try (PluginRegistry registry = dgan.plugins()) {
            BackboneProvider provider = registry.backbone(backbone);
            try (Backbone model = provider.load(BackboneSource.of(checkpoint, config), dev)) {
                BackboneInfo info = model.info();
                SampleRun.Source source = source(model);
                try {
                    SampleRun.Options options = new SampleRun.Options(out, truncation, batch, saveFeatures, dev, describe(info));
                    ProgressBar progress = new ProgressBar(err, "sample", source.count(), System.console() != null);
                    SampleManifest manifest = new SampleRun(model, options).run(source, progress);
                    dgan.spec.commandLine().getOut().printf("wrote %d samples of %s (%s, %d px) to %s%n",
                            manifest.samples().size(), info.name(), info.variant(), info.resolution(), out);
                } finally {
                    if (source instanceof SampleRun.Source.Given g) g.file().close();
                }
            }
        }
        return 0;
    }

    /** No checkpoint given: the small StyleGAN2 shipped in the install's demo/ folder. */
    private void useBundledDemo() {
        String home = System.getProperty("dgan.home");
        Path demo = home == null ? null : Path.of(home, "demo");
        if (demo == null || !Files.isRegularFile(demo.resolve("G_ema.safetensors"))) {
            throw new IllegalArgumentException("--checkpoint is required (no bundled demo generator in this install)");
        }
        if (!backbone.equals("stylegan2")) {
            throw new IllegalArgumentException("--checkpoint is required for backbone " + backbone
                    + " (the bundled demo generator is a stylegan2)");
        }
        checkpoint = demo.resolve("G_ema.safetensors");
        if (config == null) config = demo.resolve("config.json");
        dgan.spec.commandLine().getErr().println("using the bundled demo generator " + checkpoint);
    }

    private SampleRun.Source source(Backbone model) throws IOException {
        BackboneInfo info = model.info();
        if (latents != null) return new SampleRun.Source.Given(LatentsFile.read(latents, info));
        if (images != null) {
            ImageEncoder encoder = model.encoder().orElseThrow(() -> new IllegalArgumentException("--images: backbone "
                    + info.name() + " (" + checkpoint + ") cannot encode images into its latents; use --count or --latents"));
            ImageInputs inputs = ImageInputs.list(images, info.resolution());
            return new SampleRun.Source.Images(inputs, classIds(info, (int) inputs.count()), encoder);
        }
        if (seedsFile != null) {
            long[] seeds = SeedsFile.read(seedsFile);
            return new SampleRun.Source.SeedList(seeds, classIds(info, seeds.length));
        }
        if (seed < 0) throw new IllegalArgumentException("--seed must be >= 0, got " + seed);
        return new SampleRun.Source.Seeds(seed, count, classIds(info, count));
    }

    /** One class id per sample from --class (one for all, or one each); empty for unconditional backbones. */
    private Optional<int[]> classIds(BackboneInfo info, int n) {
        if (!info.conditioning().isConditional()) {
            if (classIds != null) {
                throw new IllegalArgumentException("backbone " + info.name() + " is unconditional; --class does not apply");
            }
            return Optional.empty();
        }
        if (classIds == null || classIds.isEmpty()) {
            throw new IllegalArgumentException("backbone " + info.name() + " is class-conditional: give --class ID");
        }
        if (classIds.size() != 1 && classIds.size() != n) {
            throw new IllegalArgumentException("--class: expected 1 or " + n + " ids, got " + classIds.size());
        }
        ClassNames names = ClassNames.of(info, "--class");
        int[] given = classIds.stream().mapToInt(c -> names.resolve(c, "--class")).toArray();
        int[] perSample = new int[n];
        for (int i = 0; i < n; i++) perSample[i] = given.length == 1 ? given[0] : given[i];
        return Optional.of(perSample);
    }

    private SampleManifest.Backbone describe(BackboneInfo info) throws IOException {
        return new SampleManifest.Backbone(info.name(), info.variant(), checkpoint.toAbsolutePath().toString(),
                sha256(checkpoint), config == null ? null : config.toAbsolutePath().toString(), info.resolution(),
                info.zDim(), info.wDim(), info.numWs(), info.taps().stream().map(FeatureTap::name).toList());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
