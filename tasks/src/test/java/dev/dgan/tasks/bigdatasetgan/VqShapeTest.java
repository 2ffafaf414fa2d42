package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VQGAN head's sizes, cost and options. */
@ExtendWith(NoTensorLeaks.class)
class VqShapeTest {

    @Test
    void flopsCountedByHandOnASmallShape() {
        // BigDatasetGanTaskTest's backbone: low = f4 (8 ch, 4 px); mid = f8 (6 ch, 8 px) + f16 (5 ch, 16 px) at 16 px; high = f32 (3 ch) at 32 px
        VqShape s = VqShape.of(BranchTrainer.inputs(BigDatasetGanTaskTest.spec(Map.of(), 1), false), 16, 1);
        long reductions = 2L * 8 * 16 * 16 + 2L * 6 * 16 * 64 + 2L * 5 * 16 * 256 + 2L * 3 * 16 * 1024; // 4096 + 12288 + 40960 + 98304
        long mixes = 2L * 32 * 16 * 9 * 256 + 2L * 32 * 16 * 9 * 1024; // 3x3, 32 -> 16 channels, at 16 and 32 px
        long tail = 2L * (16 * 16 + 16 * 16 + 16 * 1) * 1024; // three 1x1 convolutions at 32 px
        assertEquals(13_033_472L, reductions + mixes + tail);
        assertEquals(13_033_472L, s.flops());
        try (Trainer t = new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(Map.of("head", "vqgan", "channels", "16", "models", "3"), 1));
             Interpreter i = t.untrained().interpreter()) {
            assertEquals(3 * 13_033_472.0, i.flopsPerImage().orElseThrow(), "K heads cost K times one");
        }
    }

    /** The ImageNet VQGAN (f16, 256 px, 48 x 1536 transformer) with its taps grouped as the plugin groups them. */
    static VqShape paperSize() {
        List<FeatureTap> taps = new ArrayList<>();
        List<String> low = new ArrayList<>();
        for (int b = 3; b < 48; b += 4) {
            taps.add(new FeatureTap("gpt.block" + b, 1536, 16));
            low.add("gpt.block" + b);
        }
        taps.addAll(List.of(new FeatureTap("dec.mid", 512, 16), new FeatureTap("dec.up.4", 512, 16), new FeatureTap("dec.up.3", 256, 32),
                new FeatureTap("dec.up.2", 256, 64), new FeatureTap("dec.up.1", 128, 128), new FeatureTap("dec.up.0", 128, 256),
                new FeatureTap("dec.out", 128, 256)));
        low.addAll(List.of("dec.mid", "dec.up.4", "dec.up.3"));
        List<TapLevel> levels = List.of(new TapLevel("low", 32, low), new TapLevel("mid", 128, List.of("dec.up.2", "dec.up.1")),
                new TapLevel("high", 256, List.of("dec.up.0", "dec.out")));
        return VqShape.of(new LevelInputs(levels, taps, null), VqShape.PAPER_CHANNELS, 1);
    }

    @Test
    void costAtTheRealVqganTapSizes() {
        long c = 128;
        long reductions = 12 * 2L * 1536 * c * 256 + 2 * 2L * 512 * c * 256 + 2L * 256 * c * 1024 + 2L * 256 * c * 4096
                + 2L * 128 * c * 16384 + 2 * 2L * 128 * c * 65536; // 6.44 GFLOP, 2/3 of it the two 256 px taps
        long mixes = 2L * 2 * c * c * 9 * (16384 + 65536); // 48.3 GFLOP
        long tail = 2L * (c * c + c * c + c) * 65536; // 4.3 GFLOP
        assertEquals(59_072_577_536L, reductions + mixes + tail);
        assertEquals(reductions + mixes + tail, paperSize().flops());
        // against the BigGAN head at BigDatasetGAN's size, 502 GFLOP (BranchParityTest), it is 8.5 times cheaper
        assertTrue(paperSize().flops() * 8 < 502_000_000_000L);
    }

    @Test
    void defaultsFollowTheSupplementary() {
        BranchSettings vq = BranchSettings.parse("t", Map.of("head", "vqgan"));
        assertEquals(List.of(8, 128, 16, 5000), List.of(vq.batch(), vq.channels(), vq.heads(), vq.iterations()));
        assertEquals(1e-3, vq.lr());
        assertTrue(vq.vqgan() && vq.binary(List.of("background", "object")));
        BranchSettings big = BranchSettings.parse("t", Map.of());
        assertEquals("biggan", big.head());
        assertEquals(4, big.batch());
        assertFalse(big.vqgan());
    }

    @Test
    void badOptionsGetOneLineErrors() {
        for (var bad : List.of(Map.of("head", "stylegan"), Map.of("head", "vqgan", "widths", "8,8,4"), Map.of("channels", "16"),
                Map.of("head", "vqgan", "channels", "0"), Map.of("head", "vqgan", "channels", "wide"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> new BigDatasetGanTask().trainer(BigDatasetGanTaskTest.spec(bad, 1)));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            String key = bad.containsKey("widths") ? "widths" : bad.containsKey("channels") ? "channels" : "head";
            assertTrue(e.getMessage().contains(key), bad + ": " + e.getMessage());
        }
        var outOfOrder = assertThrows(IllegalArgumentException.class, () -> new VqShape(List.of(
                new VqShape.Group("high", 32, List.of(new VqShape.Tap("a", 3, 32))), new VqShape.Group("low", 4, List.of(new VqShape.Tap("b", 3, 4)))),
                8, 1));
        assertTrue(outOfOrder.getMessage().contains("coarse to fine"), outOfOrder.getMessage());
    }

    @Test
    void theCoarsestGroupHasNoMixAndEveryTapItsOwnReduction() {
        var layout = VqBranch.layout(paperSize());
        assertEquals(List.of(128L, 1536L, 1L, 1L), java.util.Arrays.stream(layout.get("low_feature_conv.11.weight").shape()).boxed().toList());
        assertFalse(layout.containsKey("low_feature_mix_conv.weight"));
        assertEquals(List.of(128L, 256L, 3L, 3L), java.util.Arrays.stream(layout.get("high_feature_mix_conv.weight").shape()).boxed().toList());
        assertEquals(15 + 2 + 2 + 2 * 2 + 3 * 2 + 2 * 2, layout.size()); // reductions, mix convs, 1x1 convs, norms
        assertEquals(layout.size(), paperSize().tensorCount());
        TrainingSpec spec = BigDatasetGanTaskTest.spec(Map.of("head", "vqgan"), 1);
        assertEquals(null, BranchTrainer.inputs(spec, false).embedding());
    }
}
