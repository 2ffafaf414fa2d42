package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneProvider;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TaskProvider;
import dev.dgan.host.io.OutputDirectory;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.host.train.TrainRun;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dgan init}: a generator checkpoint and a task model of the real shapes with random
 * weights, the way {@code dgan bench} and {@code dgan generate} read them. The numbers it lets
 * one measure (throughput, memory, kernels) do not depend on what the weights learned.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a random-weight generator checkpoint of the shape --config describes and an untrained task model on it"
                + " (OUT/generator.safetensors, OUT/config.json or the config's own extension, OUT/model/), for dgan bench and dgan generate"
                + " before any checkpoint or annotation exists. The labels it makes mean nothing; the time and memory they take are the real ones."})
final class InitCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--backbone", required = true, paramLabel = "NAME", description = "Backbone name (see dgan plugins).")
    String backbone;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The backbone's config (JSON, or another form its --config reads, e.g. a model YAML).")
    Path config;

    @Option(names = "--task", paramLabel = "NAME", description = "Task of the model (see dgan plugins; default: the installed default task).")
    String task;

    @Option(names = "--labels", defaultValue = "20", paramLabel = "N|A,B,..", description = "Class count or names (default ${DEFAULT-VALUE}).")
    String labels;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE", description = "Task option, as dgan train takes it (e.g. models=10).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--truncation", defaultValue = "1", paramLabel = "PSI",
            description = "Truncation psi the model records, which dgan bench and dgan generate sample with (default ${DEFAULT-VALUE}:"
                    + " none; DatasetGAN's StyleGAN1 pipeline uses 0.7).")
    double truncation;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the random weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (must not hold a model yet).")
    Path out;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) throw new IllegalArgumentException("--config " + config + " is not a file");
        OutputDirectory.check(out, "--out");
        Path modelDir = out.resolve("model");
        if (Files.exists(modelDir.resolve(ModelInfo.FILE)))
            throw new IllegalArgumentException(modelDir + " already holds a model: remove it or pass another --out");
        if (!(truncation >= 0) || Double.isInfinite(truncation))
            throw new IllegalArgumentException("--truncation: expected a finite psi >= 0, got " + truncation);
        List<String> names = labelNames(labels);
        Device dev = device.device(dgan.torch());
        Files.createDirectories(out);
        // the copy keeps the given extension: a backbone may read YAML as well as JSON, and tells them apart by it
        String name = config.getFileName().toString();
        String ext = name.lastIndexOf('.') > 0 ? name.substring(name.lastIndexOf('.')) : ".json";
        Path checkpoint = out.resolve("generator.safetensors"), configCopy = out.resolve("config" + ext);
        if (!config.toAbsolutePath().normalize().equals(configCopy.toAbsolutePath().normalize()))
            Files.copy(config, configCopy, StandardCopyOption.REPLACE_EXISTING);
        try (PluginRegistry registry = dgan.plugins()) {
            BackboneProvider provider = registry.backbone(backbone);
            provider.writeRandomCheckpoint(configCopy, seed, checkpoint);
            BackboneRef ref = new BackboneRef(backbone, checkpoint, configCopy);
            try (Backbone model = ref.load(registry, dev)) {
                TaskProvider taskProvider = registry.taskOrDefault(task);
                List<FeatureTap> taps = taskProvider.defaultTaps(model.info());
                ModelInfo info = new TrainRun(model, ref.describe(model.info()), dgan.spec.commandLine().getErr())
                        .writeUntrained(taskProvider, taps, names, options, truncation, seed, dev, modelDir);
                dgan.spec.commandLine().getOut().printf("wrote a random %s (%d px) to %s and an untrained %s model (%d labels, %d taps) to %s%n",
                        backbone, model.info().resolution(), checkpoint, info.task(), names.size(), taps.size(), modelDir);
            }
        }
        return 0;
    }

    private static List<String> labelNames(String spec) {
        List<String> names = new ArrayList<>();
        if (spec.matches("\\d+")) {
            int n = Integer.parseInt(spec);
            if (n < 2 || n > 255) throw new IllegalArgumentException("--labels: expected 2-255 classes, got " + n);
            names.add("background");
            for (int i = 1; i < n; i++) names.add("class" + i);
        } else {
            for (String s : spec.split(",")) if (!s.isBlank()) names.add(s.trim());
            if (names.size() < 2) throw new IllegalArgumentException("--labels: expected a count or at least two names, got '" + spec + "'");
        }
        return names;
    }
}
