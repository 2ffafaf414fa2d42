package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A deterministic taming-transformers state dict of the right shapes for any config, for
 * benchmarks and tests at real sizes without a checkpoint: in the Net2NetTransformer layout
 * ({@code first_stage_model.}, {@code transformer.}), with the encoder. Conv and linear weights
 * N(0, 0.02), biases 0, norms weight 1 / bias 0, codebook and embeddings N(0, 1). The caller
 * owns the tensors.
 */
public final class VqganRandomWeights {

    private VqganRandomWeights() {}

    public static Map<String, Tensor> stateDict(VqConfig c, Optional<GptConfig> gpt, long seed) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        WeightShapes.encoder(c).forEach((k, v) -> shapes.put(VqganModel.FIRST_STAGE_PREFIX + k, v));
        WeightShapes.decoder(c).forEach((k, v) -> shapes.put(VqganModel.FIRST_STAGE_PREFIX + k, v));
        gpt.ifPresent(g -> WeightShapes.gpt(g).forEach((k, v) -> shapes.put(VqganModel.TRANSFORMER_PREFIX + k, v)));
        Map<String, Tensor> sd = new LinkedHashMap<>();
        try (Generator gen = Generator.seeded(seed)) {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                String n = e.getKey();
                long[] s = e.getValue();
                boolean norm = n.contains("norm") || n.contains(".ln");
                Tensor t;
                if (n.endsWith("embedding.weight") || n.endsWith("tok_emb.weight") || n.endsWith("pos_emb")) {
                    t = Ops.randn(gen, DType.F32, Device.CPU, s);
                } else if (n.endsWith(".bias")) {
                    t = Ops.zeros(DType.F32, Device.CPU, s);
                } else if (norm) {
                    t = Ops.ones(DType.F32, Device.CPU, s);
                } else {
                    t = Ops.normal(gen, 0, 0.02, DType.F32, Device.CPU, s);
                }
                sd.put(n, t);
            }
        } catch (RuntimeException e) {
            sd.values().forEach(Tensor::close);
            throw e;
        }
        return sd;
    }

    /** A backbone of these shapes with {@link #stateDict} weights on {@code device}. */
    public static VqganBackbone backbone(VqConfig c, Optional<GptConfig> gpt, int classes, SamplingOptions sampling,
                                         long seed, Device device) {
        Map<String, Tensor> sd = stateDict(c, gpt, seed);
        try {
            VqganConfig config = new VqganConfig(Optional.of(c),
                    gpt.map(g -> OptionalInt.of(g.nHead())).orElse(OptionalInt.empty()));
            VqganModel model = VqganModel.fromStateDict(sd, config, "random weights (seed " + seed + ")", device);
            try {
                return new VqganBackbone(model, classes, sampling);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }
}
