package dev.dgan.biggan;

import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class FlopCountTest {

    /**
     * The fixture's generator (G_ch 4, 128 px, attention at 32, ccbn input 32 + 10), counted by
     * hand layer by layer. Blocks (in -> out @ side): 64->64 @8, 64->32 @16, 32->16 @32 (+attention),
     * 16->8 @64, 8->4 @128; output conv 4->3 @128.
     */
    @Test
    void tinyFixtureCountedByHand() {
        FlopCount f = FlopCount.of(BrockFixture.config());
        double conv = 0;
        // conv1 (3x3 in->out) + conv2 (3x3 out->out) + conv_sc (1x1 in->out), all at the output side
        conv += 2.0 * 64 * 64 * 9 * 64 + 2.0 * 64 * 64 * 9 * 64 + 2.0 * 64 * 64 * 64;
        conv += 2.0 * 64 * 32 * 9 * 256 + 2.0 * 32 * 32 * 9 * 256 + 2.0 * 64 * 32 * 256;
        conv += 2.0 * 32 * 16 * 9 * 1024 + 2.0 * 16 * 16 * 9 * 1024 + 2.0 * 32 * 16 * 1024;
        conv += 2.0 * 16 * 8 * 9 * 4096 + 2.0 * 8 * 8 * 9 * 4096 + 2.0 * 16 * 8 * 4096;
        conv += 2.0 * 8 * 4 * 9 * 16384 + 2.0 * 4 * 4 * 9 * 16384 + 2.0 * 8 * 4 * 16384;
        conv += 2.0 * 4 * 3 * 9 * 16384;                              // output_layer.2
        conv += 2.0 * (16 * 2 + 16 * 2 + 16 * 8 + 8 * 16) * 1024;     // theta, phi, g, o (1x1)
        assertEquals(conv, f.conv(), 0.5);
        assertEquals(74_973_184, f.conv(), 0.5);
        // [1024 x 2] x [2 x 256] and [8 x 256] x [256 x 1024]
        assertEquals(2.0 * 1024 * 256 * 2 + 2.0 * 8 * 256 * 1024, f.attention(), 0.5);
        // G.linear 10 -> 1024, then per block gain and bias of bn1 (in) and bn2 (out) from 42 inputs
        double linear = 2.0 * 10 * 1024 + 4.0 * 42 * ((64 + 64) + (64 + 32) + (32 + 16) + (16 + 8) + (8 + 4));
        assertEquals(linear, f.linear(), 0.5);
        assertEquals(80_288_288, f.total(), 0.5);
    }

    @Test
    void real512ModelIsAbout239Gflop() throws IOException {
        FlopCount f = FlopCount.of(BigGan512SamplingTest.real512());
        // attention at 64 px, 384 channels: HW = 4096 queries against 1024 pooled keys
        assertEquals(2.0 * 48 * 4096 * 1024 + 2.0 * 192 * 4096 * 1024, f.attention(), 0.5);
        assertEquals(239.23, f.gflop(), 0.01);
        assertTrue(f.toString().startsWith("239.23 GFLOP per image"), f.toString());
    }

    @Test
    void randomWeightsMakeAWorkingGeneratorOfAnyConfig() {
        BigGan512Config c = BrockFixture.config();
        try (BigGan512Backbone g = BigGan512RandomWeights.backbone(c, 7, Device.CPU);
             Latents z = g.sample(new SampleRequest(new long[] {1, 2}, Optional.of(new int[] {0, 9}), 1.0));
             Tensor img = g.synthesize(z)) {
            assertArrayEquals(new long[] {2, 3, 128, 128}, img.shape());
            float[] v = img.toFloatArray();
            double spread = 0;
            for (float x : v) {
                assertTrue(Float.isFinite(x));
                spread = Math.max(spread, Math.abs(x - v[0]));
            }
            assertTrue(spread > 1e-3, "image is constant");
        }
    }
}
