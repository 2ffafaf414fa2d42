package dev.dgan.vqgan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first stage of taming-transformers ({@code VQModel}): its {@code ddconfig} plus the
 * codebook size and code width. Derives the encoder and decoder layouts exactly as the
 * reference constructors do, so weight shapes and feature taps follow from it.
 *
 * @param zChannels        channels of the encoder output / decoder input
 * @param resolution       image side the model was built for (decides where attention sits)
 * @param inChannels       image channels read by the encoder
 * @param outChannels      image channels written by the decoder
 * @param ch               base channel count
 * @param chMult           channel multiplier per resolution level
 * @param numResBlocks     ResnetBlocks per encoder level (the decoder has one more)
 * @param attnResolutions  sides at which an AttnBlock follows every ResnetBlock
 * @param doubleZ          encoder emits 2 * zChannels (never set in VQGAN configs)
 * @param nEmbed           codebook entries
 * @param embedDim         width of one code
 * @param legacy           VectorQuantizer2's legacy flag (only moves beta between the loss terms)
 */
public record VqConfig(int zChannels, int resolution, int inChannels, int outChannels, int ch, int[] chMult,
                       int numResBlocks, int[] attnResolutions, boolean doubleZ, int nEmbed, int embedDim,
                       boolean legacy) {

    /** GroupNorm eps of taming's {@code Normalize}. */
    public static final double NORM_EPS = 1e-6;
    /** GroupNorm group count of taming's {@code Normalize}. */
    public static final int NORM_GROUPS = 32;

    public VqConfig {
        chMult = chMult.clone();
        attnResolutions = attnResolutions.clone();
        positive("z_channels", zChannels);
        positive("resolution", resolution);
        positive("in_channels", inChannels);
        positive("out_ch", outChannels);
        positive("num_res_blocks", numResBlocks);
        positive("n_embed", nEmbed);
        positive("embed_dim", embedDim);
        if (chMult.length == 0) throw new IllegalArgumentException("ch_mult must not be empty");
        for (int m : chMult) positive("ch_mult entry", m);
        if (ch <= 0 || ch % NORM_GROUPS != 0) {
            throw new IllegalArgumentException("ch must be a positive multiple of " + NORM_GROUPS
                    + " (GroupNorm with 32 groups), got " + ch);
        }
        if (resolution % (1 << (chMult.length - 1)) != 0) {
            throw new IllegalArgumentException("resolution " + resolution + " is not divisible by 2^"
                    + (chMult.length - 1) + " (ch_mult " + Arrays.toString(chMult) + ")");
        }
    }

    private static void positive(String what, int v) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be positive, got " + v);
    }

    public int levels() {
        return chMult.length;
    }

    /** Side of the code grid: resolution / 2^(levels - 1). */
    public int latentSide() {
        return resolution >> (chMult.length - 1);
    }

    public boolean attentionAt(int side) {
        for (int r : attnResolutions) if (r == side) return true;
        return false;
    }

    /** Channels at the decoder's lowest resolution (conv_in output, mid blocks). */
    public int bottomChannels() {
        return ch * chMult[chMult.length - 1];
    }

    /** One ResnetBlock: channels in and out, and the side it runs at. */
    public record Block(String name, int in, int out, int side, boolean attention) {
        public boolean shortcut() {
            return in != out;
        }
    }

    /** One decoder level, in the order the decoder runs them (lowest resolution first). */
    public record UpLevel(int level, List<Block> blocks, int side, boolean upsample) {}

    /** One encoder level, highest resolution first. */
    public record DownLevel(int level, List<Block> blocks, int side, boolean downsample) {}

    /** The decoder's levels, as {@code Decoder.__init__} builds them: walked from the lowest resolution. */
    public List<UpLevel> upLevels() {
        List<UpLevel> out = new ArrayList<>();
        int blockIn = bottomChannels();
        int side = latentSide();
        for (int level = chMult.length - 1; level >= 0; level--) {
            int blockOut = ch * chMult[level];
            List<Block> blocks = new ArrayList<>();
            for (int b = 0; b <= numResBlocks; b++) {
                blocks.add(new Block("decoder.up." + level + ".block." + b, blockIn, blockOut, side, attentionAt(side)));
                blockIn = blockOut;
            }
            out.add(new UpLevel(level, List.copyOf(blocks), side, level != 0));
            if (level != 0) side *= 2;
        }
        return List.copyOf(out);
    }

    /** The encoder's levels, as {@code Encoder.__init__} builds them. */
    public List<DownLevel> downLevels() {
        List<DownLevel> out = new ArrayList<>();
        int side = resolution;
        int blockIn = ch;
        for (int level = 0; level < chMult.length; level++) {
            int blockOut = ch * chMult[level];
            List<Block> blocks = new ArrayList<>();
            for (int b = 0; b < numResBlocks; b++) {
                blocks.add(new Block("encoder.down." + level + ".block." + b, blockIn, blockOut, side, attentionAt(side)));
                blockIn = blockOut;
            }
            boolean down = level != chMult.length - 1;
            out.add(new DownLevel(level, List.copyOf(blocks), side, down));
            if (down) side /= 2;
        }
        return List.copyOf(out);
    }

    /** Channels of the encoder's last level (its mid blocks and norm_out). */
    public int encoderTopChannels() {
        return ch * chMult[chMult.length - 1];
    }

    /** Encoder output channels (conv_out). */
    public int encoderOutChannels() {
        return doubleZ ? 2 * zChannels : zChannels;
    }

    /** The released ImageNet f16 model with codebook 16384 ({@code vqgan_imagenet_f16_16384}). */
    public static VqConfig imagenetF16() {
        return new VqConfig(256, 256, 3, 3, 128, new int[] {1, 1, 2, 2, 4}, 2, new int[] {16}, false, 16384, 256, true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VqConfig c && zChannels == c.zChannels && resolution == c.resolution
                && inChannels == c.inChannels && outChannels == c.outChannels && ch == c.ch
                && Arrays.equals(chMult, c.chMult) && numResBlocks == c.numResBlocks
                && Arrays.equals(attnResolutions, c.attnResolutions) && doubleZ == c.doubleZ && nEmbed == c.nEmbed
                && embedDim == c.embedDim && legacy == c.legacy;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(chMult) + Arrays.hashCode(attnResolutions) + resolution * 7 + nEmbed;
    }

    @Override
    public String toString() {
        return "VqConfig[z_channels=" + zChannels + ", resolution=" + resolution + ", ch=" + ch + ", ch_mult="
                + Arrays.toString(chMult) + ", num_res_blocks=" + numResBlocks + ", attn_resolutions="
                + Arrays.toString(attnResolutions) + ", n_embed=" + nEmbed + ", embed_dim=" + embedDim + "]";
    }
}
