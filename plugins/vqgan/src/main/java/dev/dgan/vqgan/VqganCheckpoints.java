package dev.dgan.vqgan;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the config of a taming-transformers checkpoint and loads it as a backbone. The config
 * is the one given with {@code --config} (YAML or JSON), else {@code config.json} or a single
 * {@code *.yaml} next to the checkpoint, else a single {@code *-project.yaml} in
 * {@code ../configs/}, where taming's training runs keep it ({@code logs/RUN/checkpoints/last.ckpt},
 * {@code logs/RUN/configs/TIME-project.yaml}).
 */
public final class VqganCheckpoints {

    private VqganCheckpoints() {}

    public static VqganBackbone load(BackboneSource source, Device device) throws IOException {
        Path configFile = source.config().orElseGet(() -> beside(source.checkpoint()));
        VqganConfig config = VqganConfig.read(configFile);
        VqganModel model = VqganModel.read(source.checkpoint(), config, device);
        try {
            int classes = model.transformer().map(g -> config.classCount(g.config().vocabSize())).orElse(1);
            return new VqganBackbone(model, classes, SamplingOptions.imagenetDefaults());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static Path beside(Path checkpoint) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>();
        if (dir != null) {
            Path json = dir.resolve("config.json");
            if (Files.isRegularFile(json)) return json;
            candidates.addAll(yamls(dir, ""));
            if (candidates.isEmpty() && dir.getParent() != null) candidates.addAll(yamls(dir.getParent().resolve("configs"), "-project"));
        }
        if (candidates.size() == 1) return candidates.getFirst();
        throw new IllegalArgumentException(checkpoint + ": " + (candidates.isEmpty() ? "no model config found" : "several configs found "
                + candidates) + "; pass --config with the model YAML taming-transformers wrote for this run (or a config.json"
                + " with ddconfig, n_embed, embed_dim and, for a transformer, gpt_args.n_head)");
    }

    private static List<Path> yamls(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return (n.endsWith(suffix + ".yaml") || n.endsWith(suffix + ".yml")) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
