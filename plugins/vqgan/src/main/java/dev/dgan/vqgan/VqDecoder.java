package dev.dgan.vqgan;

import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * taming's {@code Decoder} after {@code post_quant_conv}: conv_in, mid (block, attention, block),
 * the levels from the lowest resolution up (ResnetBlocks, each followed by an AttnBlock where
 * the level's side is an attention resolution, then nearest x2 + conv), norm_out, swish,
 * conv_out. No tanh or clamp: the output is the raw conv_out.
 *
 * <p>Trace names follow the fixtures: {@code post_quant}, {@code dec.conv_in},
 * {@code dec.mid.block_1}, {@code dec.up.L.block.B}, {@code dec.up.L.attn.B},
 * {@code dec.up.L.upsample}, {@code dec.norm_out}, and {@code dec.out} (after swish, what conv_out reads).
 */
final class VqDecoder {

    private final VqConfig config;
    private final ConvLayers layers;

    VqDecoder(VqConfig config, Weights weights) {
        this.config = config;
        this.layers = new ConvLayers(weights);
    }

    /** The image for the quantized latent {@code zq} [N, embed_dim, h, w]. */
    Tensor decode(Tensor zq, Trace trace) {
        try (TensorScope s = TensorScope.open()) {
            Tensor h = layers.conv("post_quant_conv", zq, 1, 0);
            trace.accept("post_quant", h);
            h = layers.conv("decoder.conv_in", h, 1, 1);
            trace.accept("dec.conv_in", h);
            h = layers.resnet("decoder.mid.block_1", h, false);
            trace.accept("dec.mid.block_1", h);
            h = layers.attn("decoder.mid.attn_1", h);
            trace.accept("dec.mid.attn_1", h);
            h = layers.resnet("decoder.mid.block_2", h, false);
            trace.accept("dec.mid.block_2", h);
            for (VqConfig.UpLevel level : config.upLevels()) {
                String p = "up." + level.level();
                for (int b = 0; b < level.blocks().size(); b++) {
                    VqConfig.Block block = level.blocks().get(b);
                    h = layers.resnet(block.name(), h, block.shortcut());
                    trace.accept("dec." + p + ".block." + b, h);
                    if (block.attention()) {
                        h = layers.attn("decoder." + p + ".attn." + b, h);
                        trace.accept("dec." + p + ".attn." + b, h);
                    }
                }
                if (level.upsample()) {
                    h = layers.upsample("decoder." + p + ".upsample", h);
                    trace.accept("dec." + p + ".upsample", h);
                }
            }
            h = layers.norm("decoder.norm_out", h);
            trace.accept("dec.norm_out", h);
            Tensor act = ConvLayers.swish(h);
            trace.accept("dec.out", act);
            return s.keep(layers.conv("decoder.conv_out", act, 1, 1));
        }
    }
}
