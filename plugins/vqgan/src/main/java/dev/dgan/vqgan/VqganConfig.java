package dev.dgan.vqgan;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * What a taming-transformers checkpoint needs beside its weights: the first stage's
 * arguments (absent for a transformer-only file) and the transformer's head count (the one
 * GPT size the weights do not show; the others are read from the tensors).
 *
 * <p>Read from the model YAML taming writes beside a run ({@code model.params} of a
 * {@code VQModel}, or {@code first_stage_config} / {@code transformer_config} of a
 * {@code Net2NetTransformer}) or from a JSON in the fixtures' {@code config.json} form
 * ({@code ddconfig}, {@code n_embed}, {@code embed_dim}, {@code gpt_args}).
 */
public record VqganConfig(Optional<VqConfig> firstStage, OptionalInt nHead, OptionalInt classes,
                          Optional<GptConfig> gptShape) {

    /** Without a class count: {@link #classCount} falls back to the vocabulary. */
    public VqganConfig(Optional<VqConfig> firstStage, OptionalInt nHead) {
        this(firstStage, nHead, OptionalInt.empty());
    }

    /**
     * Without the transformer's full shape, which loading reads from the weights; {@code gptShape}
     * is there when the config gives every GPT argument (what random weights are made from).
     */
    public VqganConfig(Optional<VqConfig> firstStage, OptionalInt nHead, OptionalInt classes) {
        this(firstStage, nHead, classes, Optional.empty());
    }

    /**
     * Classes of the conditioning: the Labelator's {@code n_classes} when the config gives it,
     * else ImageNet's 1000 when the vocabulary holds them, else the vocabulary size.
     */
    public int classCount(int vocabSize) {
        return classes.orElse(Math.min(1000, vocabSize));
    }

    public static VqganConfig read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, Object> root;
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            try (Reader r = Files.newBufferedReader(file)) {
                Object doc = new Load(LoadSettings.builder().build()).loadFromReader(r);
                root = asMap(doc, file + ": top level");
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException) throw e;
                throw new IOException(file + ": not a readable YAML document: " + e.getMessage(), e);
            }
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new ObjectMapper().readValue(file.toFile(), Map.class);
            root = m;
        }
        return fromMap(root, file.toString());
    }

    /** Either layout (taming YAML or fixture JSON), from its parsed tree. */
    static VqganConfig fromMap(Map<String, Object> root, String source) {
        if (root.containsKey("model")) return fromTamingYaml(asMap(root.get("model"), source + ": model"), source);
        Optional<VqConfig> first = root.containsKey("ddconfig") ? Optional.of(firstStage(root, source)) : Optional.empty();
        OptionalInt heads = OptionalInt.empty();
        Optional<GptConfig> shape = Optional.empty();
        if (root.containsKey("gpt_args")) {
            Map<String, Object> args = asMap(root.get("gpt_args"), source + ": gpt_args");
            heads = OptionalInt.of(integer(args, "n_head", source + ": gpt_args"));
            shape = gptShape(args, source + ": gpt_args");
        }
        if (first.isEmpty() && heads.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected 'ddconfig' with 'n_embed' and 'embed_dim' (a VQGAN) and/or"
                    + " 'gpt_args' with 'n_head' (its transformer); found keys " + root.keySet());
        }
        OptionalInt classes = root.containsKey("n_classes") ? OptionalInt.of(integer(root, "n_classes", source))
                : OptionalInt.empty();
        return new VqganConfig(first, heads, classes, shape);
    }

    private static VqganConfig fromTamingYaml(Map<String, Object> model, String source) {
        String target = String.valueOf(model.getOrDefault("target", ""));
        Map<String, Object> params = asMap(model.get("params"), source + ": model.params");
        if (params.containsKey("ddconfig")) return new VqganConfig(Optional.of(firstStage(params, source + ": model.params")),
                OptionalInt.empty());
        if (!params.containsKey("transformer_config")) {
            throw new IllegalArgumentException(source + ": model " + target + " has neither params.ddconfig (VQModel) nor"
                    + " params.transformer_config (Net2NetTransformer)");
        }
        Map<String, Object> gpt = asMap(asMap(params.get("transformer_config"), source + ": transformer_config")
                .get("params"), source + ": transformer_config.params");
        Optional<VqConfig> first = Optional.empty();
        if (params.containsKey("first_stage_config")) {
            Map<String, Object> fs = asMap(asMap(params.get("first_stage_config"), source + ": first_stage_config")
                    .get("params"), source + ": first_stage_config.params");
            first = Optional.of(firstStage(fs, source + ": first_stage_config.params"));
        }
        OptionalInt classes = OptionalInt.empty();
        if (params.get("cond_stage_config") instanceof Map<?, ?> cond && cond.get("params") instanceof Map<?, ?> cp
                && cp.get("n_classes") instanceof Number k) {
            classes = OptionalInt.of(k.intValue());
        }
        String where = source + ": transformer_config.params";
        return new VqganConfig(first, OptionalInt.of(integer(gpt, "n_head", where)), classes, gptShape(gpt, where));
    }

    /**
     * The GPT's arguments ({@code vocab_size}, {@code block_size}, {@code n_layer}, {@code n_head},
     * {@code n_embd}) when any but the head count is given, then all must be; empty otherwise.
     */
    private static Optional<GptConfig> gptShape(Map<String, Object> args, String where) {
        if (Stream.of("vocab_size", "block_size", "n_layer", "n_embd").noneMatch(args::containsKey)) return Optional.empty();
        return Optional.of(new GptConfig(integer(args, "vocab_size", where), integer(args, "block_size", where),
                integer(args, "n_layer", where), integer(args, "n_head", where), integer(args, "n_embd", where)));
    }

    private static VqConfig firstStage(Map<String, Object> p, String where) {
        Map<String, Object> dd = asMap(p.get("ddconfig"), where + ": ddconfig");
        String w = where + ": ddconfig";
        if (p.get("remap") != null) {
            throw new IllegalArgumentException(where + ": quantizer remap is not supported (codes must index the codebook"
                    + " directly)");
        }
        boolean legacy = !p.containsKey("legacy") || Boolean.TRUE.equals(p.get("legacy"));
        return new VqConfig(integer(dd, "z_channels", w), integer(dd, "resolution", w), integer(dd, "in_channels", w),
                integer(dd, "out_ch", w), integer(dd, "ch", w), ints(dd, "ch_mult", w), integer(dd, "num_res_blocks", w),
                ints(dd, "attn_resolutions", w), Boolean.TRUE.equals(dd.get("double_z")), integer(p, "n_embed", where),
                integer(p, "embed_dim", where), legacy);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String where) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(where + ": expected a mapping, got " + (o == null ? "nothing" : o));
    }

    private static int integer(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v instanceof Number n && n.doubleValue() == n.intValue()) return n.intValue();
        throw new IllegalArgumentException(where + ": '" + key + "' must be an integer, got " + (v == null ? "nothing" : v));
    }

    private static int[] ints(Map<String, Object> m, String key, String where) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a list of integers, got " + m.get(key));
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n) || n.doubleValue() != n.intValue()) {
                throw new IllegalArgumentException(where + ": '" + key + "'[" + i + "] must be an integer, got " + l.get(i));
            }
            out[i] = n.intValue();
        }
        return out;
    }
}
