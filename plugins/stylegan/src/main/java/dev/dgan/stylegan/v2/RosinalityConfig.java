package dev.dgan.stylegan.v2;

import java.util.Map;

/**
 * The constructor arguments of a rosinality/stylegan2-pytorch {@code Generator(size,
 * style_dim, n_mlp, channel_multiplier)}, read off its weights' shapes: rosinality
 * checkpoints do not store them. Its channel table (512 up to 32 px, then
 * {@code 256 * multiplier} at 64 px, halving per octave) is the NVlabs table with
 * {@code channel_base = 16384 * multiplier} and {@code channel_max = 512}.
 */
final class RosinalityConfig {

    private RosinalityConfig() {
    }

    static StyleGan2Config infer(Map<String, long[]> shapes, String source) {
        long[] style1 = shapes.get("style.1.weight");
        if (style1 == null || style1.length != 2) {
            throw new IllegalArgumentException(source + ": expected tensor style.1.weight [style_dim, style_dim] of a"
                    + " rosinality StyleGAN2 generator");
        }
        int styleDim = (int) style1[1];
        int nMlp = 0;
        while (shapes.containsKey("style." + (nMlp + 1) + ".weight")) nMlp++;
        int rgbs = 0;
        while (shapes.containsKey("to_rgbs." + rgbs + ".conv.weight")) rgbs++;
        int size = 4 << rgbs;
        int multiplier = 2;
        long[] conv64 = shapes.get("convs.6.conv.weight");
        if (conv64 != null && conv64.length == 5) {
            if (conv64[1] % 256 != 0) {
                throw new IllegalArgumentException(source + ": convs.6.conv.weight has " + conv64[1]
                        + " output channels; a rosinality generator has 256 * channel_multiplier at 64 px");
            }
            multiplier = (int) (conv64[1] / 256);
        }
        return StyleGan2Config.of(styleDim, styleDim, size, nMlp, 16384 * multiplier, 512, null);
    }
}
