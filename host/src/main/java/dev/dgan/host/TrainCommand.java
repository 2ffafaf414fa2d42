package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TaskProvider;
import dev.dgan.host.annotate.AnnotationSet;
import dev.dgan.host.annotate.CheckpointMatch;
import dev.dgan.host.annotate.SourceBackbone;
import dev.dgan.host.io.OutputDirectory;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.train.ModelInfo;
import dev.dgan.host.train.TrainRun;
import dev.dgan.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dgan train}: fits a task's ensemble on annotated samples and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a labeling task on annotated samples (made on the output of dgan sample, or the demo bundle).",
                "Writes MODEL_DIR: the task's weights (safetensors) and JSON, plus model.json for dgan generate."})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    Dgan dgan;

    @Option(names = "--annotations", required = true, paramLabel = "DIR",
            description = "Samples with annotations: manifest.json (or the demo's index.json), latents, masks / LabelMe JSON / keypoints JSON, classes.txt or keypoints.txt.")
    Path annotations;

    @Option(names = "--task", paramLabel = "NAME", description = "The task to train (see dgan plugins; default: the installed default task, marked below).")
    String task;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Where to write the trained model.")
    Path out;

    @Option(names = "--backbone", paramLabel = "NAME", description = "Backbone name; default: the one the samples' manifest records, else stylegan2.")
    String backbone;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Generator weights; default: the manifest's checkpoint, else the bundled demo generator.")
    Path checkpoint;

    @Option(names = "--config", paramLabel = "FILE", description = "Config JSON for checkpoints that need one.")
    Path config;

    @Option(names = "--taps", split = ",", paramLabel = "NAME",
            description = "Feature taps to train on. Default: every spatial tap of the backbone; for bigdatasetgan the taps of the backbone's levels plus its class embedding.")
    List<String> taps;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE",
            description = "Task option, repeatable; each installed task's keys are listed under Task options below.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--models", paramLabel = "N", description = "Ensemble size, same as -O models=N (each task's default is under Task options below).")
    Integer models;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Training seed: weights and pixel order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cv", paramLabel = "K", defaultValue = "0", description = "Also report K-fold cross-validation on the annotated set, scored by the task's metric.")
    int cv;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws Exception {
        Map<String, String> taskOptions = new LinkedHashMap<>(options);
        if (models != null) taskOptions.put("models", String.valueOf(models));
        PrintWriter log = dgan.spec.commandLine().getErr();
        OutputDirectory.check(out, "--out");
        try (PluginRegistry registry = dgan.plugins()) {
            TaskProvider provider = registry.taskOrDefault(task);
            AnnotationSet set = AnnotationSet.read(annotations, provider.annotations());
            BackboneRef ref = resolve(set.backbone());
            String sha256 = ref.sha256();
            CheckpointMatch.require(annotations, set.backbone(), ref.checkpoint(), sha256);
            Device dev = device.device(dgan.torch());
            try (Backbone model = ref.load(registry, dev)) {
                List<FeatureTap> chosen = chooseTaps(model, provider);
                TrainRun.Options o = new TrainRun.Options(set, provider, chosen, taskOptions, set.truncation(), seed, dev, cv, out);
                ModelInfo info = new TrainRun(model, ref.describe(model.info(), sha256), log).run(o);
                dgan.spec.commandLine().getOut().printf("wrote %s model (%d labels, %d annotated samples) to %s%n", info.task(),
                        info.labels().size(), info.annotatedSamples(), out);
            }
        }
        return 0;
    }

    private BackboneRef resolve(SourceBackbone recorded) {
        if (checkpoint != null) return new BackboneRef(backbone == null ? (recorded == null ? "stylegan2" : recorded.name()) : backbone, checkpoint, config);
        if (recorded != null && recorded.checkpoint() != null) {
            Path cfg = config != null ? config : recorded.config() == null ? null : Path.of(recorded.config());
            return new BackboneRef(backbone == null ? recorded.name() : backbone, Path.of(recorded.checkpoint()), cfg);
        }
        dgan.spec.commandLine().getErr().println("the annotations do not name their generator: using the bundled demo generator");
        return BackboneRef.bundledDemo();
    }

    private List<FeatureTap> chooseTaps(Backbone model, TaskProvider provider) {
        List<FeatureTap> all = model.info().taps();
        if (taps == null || taps.isEmpty()) return provider.defaultTaps(model.info());
        List<FeatureTap> out = new ArrayList<>();
        for (String name : taps) {
            FeatureTap t = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--taps: backbone " + model.info().name() + " has no tap '" + name + "'; it has "
                            + all.stream().map(FeatureTap::name).toList()));
            out.add(t);
        }
        return out;
    }
}
