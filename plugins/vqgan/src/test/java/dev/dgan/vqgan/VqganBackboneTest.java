package dev.dgan.vqgan;

import dev.dgan.api.BackboneSource;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.TapLevel;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backbone API over the fixtures and over a small random model with a transformer. */
@ExtendWith(NoTensorLeaks.class)
class VqganBackboneTest {

    /** 16 px, 8x8 codes, codebook 32; an 8-block transformer over the same 32 tokens. */
    static final VqConfig SMALL = new VqConfig(8, 16, 3, 3, 32, new int[] {1, 1}, 1, new int[] {8}, false, 32, 8, true);
    static final GptConfig SMALL_GPT = new GptConfig(32, 64, 8, 2, 32);

    static VqganBackbone small() {
        return VqganRandomWeights.backbone(SMALL, Optional.of(SMALL_GPT), 10, new SamplingOptions(1.0, 8, 0.9, true), 3,
                Device.CPU);
    }

    @Test
    void decoderFixtureLoadsThroughTheProviderAndDecodesCodes() throws IOException {
        Fixture.Case c = Fixture.readCase("vqgan-decoder", "case_indices.safetensors");
        List<String> order = new ArrayList<>();
        try (VqganBackbone b = (VqganBackbone) new VqganProvider().load(
                BackboneSource.of(Fixture.file("vqgan-decoder", "last.ckpt")), Device.CPU);
             Latents codes = new Latents(Latents.Kind.CODES, Tensor.of(c.longs("indices"), 2, 8, 8), Optional.empty());
             Tensor img = b.synthesize(codes, (tap, map) -> {
                 order.add(tap.name());
                 assertArrayEquals(new long[] {2, tap.channels(), tap.resolution(), tap.resolution()}, map.shape(), tap.name());
                 String recorded = switch (tap.name()) {
                     case "dec.mid" -> "dec.mid.block_2";
                     case "dec.up.2" -> "dec.up.2.attn.1";
                     case "dec.up.1" -> "dec.up.1.block.1";
                     case "dec.up.0" -> "dec.up.0.block.1";
                     default -> null;
                 };
                 if (recorded != null) assertTrue(Fixture.maxAbsDiff(c.get(recorded), map.toFloatArray()) <= Fixture.ATOL, tap.name());
             })) {
            assertFalse(b.info().conditioning().isConditional(), "no transformer: unconditional");
            assertEquals(List.of("dec.mid", "dec.up.2", "dec.up.1", "dec.up.0", "dec.out"), order);
            assertEquals(b.info().taps().stream().map(FeatureTap::name).toList(), order);
            assertEquals(List.of(new TapLevel("low", 16, List.of("dec.mid", "dec.up.2", "dec.up.1")),
                    new TapLevel("mid", 32, List.of("dec.up.0", "dec.out"))), b.info().levels());
            assertEquals(64, b.info().zDim());
            assertTrue(Fixture.maxAbsDiff(c.get("img"), img.toFloatArray()) <= Fixture.ATOL);
            assertThrows(IllegalArgumentException.class, () -> b.sample(SampleRequest.unconditional(new long[] {1}, 1.0)));
        }
    }

    @Test
    void encodeGivesTheFixtureCodes() throws IOException {
        Fixture.Case c = Fixture.readCase("vqgan-encoder", "case_encode.safetensors");
        try (VqganBackbone b = (VqganBackbone) new VqganProvider().load(
                BackboneSource.of(Fixture.file("vqgan-encoder", "vq_model.safetensors")), Device.CPU);
             Tensor x = Tensor.of(c.get("x"), 2, 3, 16, 16);
             Latents codes = b.encode(x, new long[] {0, 0})) {
            assertEquals(Latents.Kind.CODES, codes.kind());
            assertArrayEquals(c.longs("indices"), codes.values().toLongArray());
        }
    }

    @Test
    void aSeedAlwaysGivesTheSameCodesInAnyBatch() {
        try (VqganBackbone b = small();
             Latents pair = b.sample(new SampleRequest(new long[] {7, 8}, Optional.of(new int[] {3, 4}), 1.0));
             Latents single = b.sample(new SampleRequest(new long[] {8}, Optional.of(new int[] {4}), 1.0));
             Latents again = b.sample(new SampleRequest(new long[] {8}, Optional.of(new int[] {4}), 1.0));
             Latents otherSeed = b.sample(new SampleRequest(new long[] {9}, Optional.of(new int[] {4}), 1.0))) {
            assertArrayEquals(new long[] {2, 8, 8}, pair.values().shape());
            long[] both = pair.values().toLongArray();
            long[] one = single.values().toLongArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(both, 64, 128), one);
            assertArrayEquals(one, again.values().toLongArray());
            assertFalse(java.util.Arrays.equals(one, otherSeed.values().toLongArray()));
            assertArrayEquals(new long[] {3, 4}, pair.classes().orElseThrow().toLongArray());
            assertThrows(IllegalArgumentException.class,
                    () -> b.sample(new SampleRequest(new long[] {1}, Optional.of(new int[] {10}), 1.0)));
        }
    }

    @Test
    void transformerTapsAreTheTeacherForcedHiddenStatesOnTheGrid() {
        try (VqganBackbone b = small();
             Latents codes = b.sample(new SampleRequest(new long[] {5}, Optional.of(new int[] {2}), 1.0))) {
            List<String> names = new ArrayList<>();
            float[][] block3 = new float[1][];
            try (Tensor img = b.synthesize(codes, (tap, map) -> {
                names.add(tap.name());
                if (tap.name().equals("gpt.block3")) block3[0] = map.toFloatArray();
            })) {
                assertArrayEquals(new long[] {1, 3, 16, 16}, img.shape());
            }
            assertEquals(List.of("gpt.block3", "gpt.block7", "dec.mid", "dec.up.1", "dec.up.0", "dec.out"), names);
            assertEquals(List.of("gpt.block3", "gpt.block7", "dec.mid", "dec.up.1", "dec.up.0", "dec.out"),
                    b.info().levels().getFirst().taps());
            // the same states from the transformer directly: position t of [class, z_0 .. z_62] at grid cell t
            long[] z = codes.values().toLongArray();
            long[] seq = new long[64];
            seq[0] = 2;
            System.arraycopy(z, 0, seq, 1, 63);
            float[][] direct = new float[1][];
            try (Tensor idx = Tensor.of(seq, 1, 64);
                 Tensor logits = b.transformer().orElseThrow().forward(idx, (name, t) -> {
                     if (name.equals("feat.block3")) direct[0] = t.toFloatArray();
                 })) {
                assertEquals(32, logits.size(2));
            }
            for (int t = 0; t < 64; t++) {
                for (int ch = 0; ch < 32; ch++) {
                    assertEquals(direct[0][t * 32 + ch], block3[0][ch * 64 + t], 1e-6, "position " + t + " channel " + ch);
                }
            }
        }
    }

    @Test
    void badCodesAreRejectedBeforeAnyNativeWork() {
        try (VqganBackbone b = small();
             Latents wrongShape = new Latents(Latents.Kind.CODES, Tensor.of(new long[16], 1, 4, 4), Optional.of(Tensor.of(new long[] {1}, 1)));
             Latents outOfRange = new Latents(Latents.Kind.CODES, Tensor.of(new long[] {
                     32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1, 8, 8),
                     Optional.of(Tensor.of(new long[] {1}, 1)))) {
            var e = assertThrows(IllegalArgumentException.class, () -> b.synthesize(wrongShape));
            assertTrue(e.getMessage().contains("[N, 8, 8]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.synthesize(outOfRange));
            assertTrue(e.getMessage().contains("code 32 out of range"), e.getMessage());
        }
    }
}
