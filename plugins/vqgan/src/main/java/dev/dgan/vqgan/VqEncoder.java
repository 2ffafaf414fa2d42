package dev.dgan.vqgan;

import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * taming's {@code Encoder} followed by {@code quant_conv}: conv_in, the levels from full
 * resolution down (ResnetBlocks with AttnBlocks at attention resolutions, then the asymmetric
 * Downsample), mid, norm_out, swish, conv_out, quant_conv.
 *
 * <p>Trace names follow the fixture: {@code enc.conv_in}, {@code enc.down.L.block.B},
 * {@code enc.down.L.attn.B}, {@code enc.down.L.downsample}, {@code enc.mid.*},
 * {@code enc.norm_out}, {@code enc.conv_out}.
 */
final class VqEncoder {

    private final VqConfig config;
    private final ConvLayers layers;

    VqEncoder(VqConfig config, Weights weights) {
        this.config = config;
        this.layers = new ConvLayers(weights);
    }

    /** The pre-quantization latent z [N, embed_dim, h, w] of images {@code x} [N, in_channels, H, W]. */
    Tensor encode(Tensor x, Trace trace) {
        try (TensorScope s = TensorScope.open()) {
            Tensor h = layers.conv("encoder.conv_in", x, 1, 1);
            trace.accept("enc.conv_in", h);
            for (VqConfig.DownLevel level : config.downLevels()) {
                String p = "down." + level.level();
                for (int b = 0; b < level.blocks().size(); b++) {
                    VqConfig.Block block = level.blocks().get(b);
                    h = layers.resnet(block.name(), h, block.shortcut());
                    trace.accept("enc." + p + ".block." + b, h);
                    if (block.attention()) {
                        h = layers.attn("encoder." + p + ".attn." + b, h);
                        trace.accept("enc." + p + ".attn." + b, h);
                    }
                }
                if (level.downsample()) {
                    h = layers.downsample("encoder." + p + ".downsample", h);
                    trace.accept("enc." + p + ".downsample", h);
                }
            }
            h = layers.resnet("encoder.mid.block_1", h, false);
            trace.accept("enc.mid.block_1", h);
            h = layers.attn("encoder.mid.attn_1", h);
            trace.accept("enc.mid.attn_1", h);
            h = layers.resnet("encoder.mid.block_2", h, false);
            trace.accept("enc.mid.block_2", h);
            h = layers.norm("encoder.norm_out", h);
            trace.accept("enc.norm_out", h);
            h = layers.conv("encoder.conv_out", ConvLayers.swish(h), 1, 1);
            trace.accept("enc.conv_out", h);
            return s.keep(layers.conv("quant_conv", h, 1, 0));
        }
    }
}
