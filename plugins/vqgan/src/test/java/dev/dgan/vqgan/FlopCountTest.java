package dev.dgan.vqgan;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlopCountTest {

    /** The small test model counted by hand: 16 px, codes 8x8, one 32-channel level below the top. */
    @Test
    void smallModelCountedByHand() {
        VqConfig c = VqganBackboneTest.SMALL;
        GptConfig g = new GptConfig(32, 64, 1, 2, 32);
        FlopCount f = FlopCount.of(c, g);
        double conv3At8 = 2.0 * 32 * 32 * 9 * 64, conv3At16 = 2.0 * 32 * 32 * 9 * 256;
        double attnAt8 = 4 * 2.0 * 32 * 32 * 64 + 2 * 2.0 * 64 * 64 * 32;
        double decoder = 2.0 * 8 * 8 * 64            // post_quant_conv
                + 2.0 * 8 * 32 * 9 * 64              // conv_in
                + 4 * conv3At8 + attnAt8             // mid: two ResnetBlocks and attention
                + 2 * (2 * conv3At8 + attnAt8)       // level 1: two blocks, each with attention
                + conv3At16                          // upsample conv at 16 px
                + 2 * 2 * conv3At16                  // level 0: two blocks
                + 2.0 * 32 * 3 * 9 * 256;            // conv_out
        assertEquals(decoder, f.decoder(), 1e-6 * decoder);
        double perToken = 4 * 2.0 * 32 * 32 + 2 * 2.0 * 32 * 128 + 2.0 * 32 * 32;
        assertEquals(64 * perToken + 2 * 2.0 * 64 * 64 * 32, f.transformer(), 1e-9 * f.transformer());
        assertEquals(64 * perToken + 2 * 2.0 * 32 * (64 * 65 / 2.0), f.sampler(), 1e-9 * f.sampler());
    }

    @Test
    void imagenetSizes() {
        FlopCount f = FlopCount.of(VqConfig.imagenetF16(), GptConfig.imagenetCin());
        System.out.println("vqgan imagenet f16 + cin transformer: " + f);
        // the transformer dominates: ~1.36e9 matmul weights, 2 FLOPs each per token, 256 tokens
        assertTrue(f.sampler() > 6e11 && f.sampler() < 8e11, f.toString());
        assertTrue(f.decoder() > 1e11 && f.decoder() < 1e12, f.toString());
    }
}
