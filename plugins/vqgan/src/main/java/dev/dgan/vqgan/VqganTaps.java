package dev.dgan.vqgan;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feature maps a VQGAN backbone exposes, as BigDatasetGAN gathers them, and how they group.
 *
 * <ul>
 *   <li>{@code gpt.block{i}} for every fourth transformer block (i = 3, 7, 11, ...; 12 taps for
 *       48 blocks): the block's output hidden state at each code position, laid out on the
 *       code grid [N, n_embd, h, w]. Position t of the sequence {@code [class, z_0 .. z_{hw-2}]}
 *       is the state the code z_t is drawn from, so it lands on z_t's grid cell.</li>
 *   <li>The decoder: {@code dec.mid} (mid block output), {@code dec.up.L} (each level's output
 *       before upsampling, from the lowest resolution up) and {@code dec.out} (norm_out + swish,
 *       what conv_out reads): 7 taps at 16..256 px for the ImageNet f16 model.</li>
 * </ul>
 * Levels, coarse to fine: sides up to 2x the code grid ({@code low}; 16-32 px at full scale),
 * up to 8x ({@code mid}; 64-128 px), the rest ({@code high}; 256 px); each read at the largest
 * side among its taps. Empty levels are left out.
 */
final class VqganTaps {

    static final int TRANSFORMER_TAP_EVERY = 4;

    private VqganTaps() {}

    /** Transformer blocks whose output is a tap. */
    static List<Integer> transformerBlocks(GptConfig g) {
        List<Integer> out = new ArrayList<>();
        for (int i = TRANSFORMER_TAP_EVERY - 1; i < g.nLayer(); i += TRANSFORMER_TAP_EVERY) out.add(i);
        return out;
    }

    /** Decoder trace name -> tap, in the order the decoder produces them. */
    static Map<String, FeatureTap> decoderTaps(VqConfig c) {
        Map<String, FeatureTap> m = new LinkedHashMap<>();
        m.put("dec.mid.block_2", new FeatureTap("dec.mid", c.bottomChannels(), c.latentSide()));
        int ch = c.bottomChannels();
        for (VqConfig.UpLevel level : c.upLevels()) {
            List<VqConfig.Block> blocks = level.blocks();
            int last = blocks.size() - 1;
            ch = blocks.get(last).out();
            String trace = "dec.up." + level.level() + (blocks.get(last).attention() ? ".attn." : ".block.") + last;
            m.put(trace, new FeatureTap("dec.up." + level.level(), ch, level.side()));
        }
        m.put("dec.out", new FeatureTap("dec.out", ch, c.resolution()));
        return m;
    }

    static List<FeatureTap> all(VqConfig c, Optional<GptConfig> g) {
        List<FeatureTap> taps = new ArrayList<>();
        g.ifPresent(gpt -> {
            for (int i : transformerBlocks(gpt)) taps.add(new FeatureTap("gpt.block" + i, gpt.nEmbd(), c.latentSide()));
        });
        taps.addAll(decoderTaps(c).values());
        return List.copyOf(taps);
    }

    static List<TapLevel> levels(List<FeatureTap> taps, VqConfig c) {
        int grid = c.latentSide();
        List<TapLevel> levels = new ArrayList<>();
        level(levels, "low", taps, 0, 2 * grid);
        level(levels, "mid", taps, 2 * grid, 8 * grid);
        level(levels, "high", taps, 8 * grid, Integer.MAX_VALUE);
        return List.copyOf(levels);
    }

    private static void level(List<TapLevel> out, String name, List<FeatureTap> taps, int above, int upTo) {
        List<String> names = new ArrayList<>();
        int side = 0;
        for (FeatureTap t : taps) {
            if (t.resolution() > above && t.resolution() <= upTo) {
                names.add(t.name());
                side = Math.max(side, t.resolution());
            }
        }
        if (!names.isEmpty()) out.add(new TapLevel(name, side, names));
    }
}
