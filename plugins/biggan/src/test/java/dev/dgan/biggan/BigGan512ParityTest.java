package dev.dgan.biggan;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every recorded intermediate of the BigGAN-PyTorch reference (as BigDatasetGAN runs it), from both weight files. */
@ExtendWith(NoTensorLeaks.class)
class BigGan512ParityTest {

    static final double IMG_ATOL = 1e-5;
    static final double FEAT_ATOL = 1e-4;

    static Latents caseLatents(BrockFixture.Case c) {
        return new Latents(Latents.Kind.Z, Tensor.of(c.get("z"), 2, 60), Optional.of(Tensor.of(c.classes(), 2)));
    }

    @ParameterizedTest(name = "weights from {0}")
    @ValueSource(strings = {"pth", "safetensors"})
    void everyIntermediateMatchesTheReference(String format) throws IOException {
        BrockFixture.Case c = BrockFixture.readCase();
        assertArrayEquals(new long[] {3, 7}, c.classes());
        Map<String, float[]> seen = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (BigGan512Backbone g = BrockFixture.load(format);
             Latents z = caseLatents(c);
             Tensor img = g.run(z, (name, x) -> {
                 seen.put(name, x.toFloatArray());
                 shapes.put(name, x.shape());
             })) {
            seen.put("img", img.toFloatArray());
            shapes.put("img", img.shape());
        }
        List<String> report = new ArrayList<>();
        double worstFeat = 0, img = 0;
        for (String recorded : c.values().keySet()) {
            if (recorded.equals("z")) continue;
            assertTrue(seen.containsKey(recorded), "the generator never produced " + recorded);
            assertArrayEquals(c.shapes().get(recorded), shapes.get(recorded), recorded + ": shape");
            double d = Fixture.maxAbsDiff(c.get(recorded), seen.get(recorded));
            report.add(recorded + " " + String.format("%.2e", d));
            double atol = recorded.equals("img") ? IMG_ATOL : FEAT_ATOL;
            if (recorded.equals("img")) img = d; else worstFeat = Math.max(worstFeat, d);
            assertTrue(d <= atol, recorded + ": max abs diff " + d + " > " + atol);
        }
        // the class-embedding tap is y viewed as [N, shared_dim, 1, 1]
        assertArrayEquals(new long[] {2, 32, 1, 1}, shapes.get(FeatureTap.CLASS_EMBEDDING));
        assertEquals(0.0, Fixture.maxAbsDiff(c.get("y"), seen.get(FeatureTap.CLASS_EMBEDDING)));
        // everything recorded except the input z, plus the class-embedding tap
        assertEquals(c.values().size(), seen.size(), "traced " + seen.keySet());
        System.out.println("biggan (brock) parity (" + format + "): img " + String.format("%.2e", img)
                + ", intermediates " + String.format("%.2e", worstFeat) + "; " + String.join(", ", report));
    }

    @Test
    void tapsReachTheSinkInOrderAndMatch() throws IOException {
        BrockFixture.Case c = BrockFixture.readCase();
        List<String> names = new ArrayList<>();
        try (BigGan512Backbone g = BrockFixture.load("safetensors");
             Latents z = caseLatents(c);
             Tensor img = g.synthesize(z.withTruncation(0.5), (FeatureTap tap, Tensor map) -> {
                 names.add(tap.name());
                 assertArrayEquals(new long[] {2, tap.channels(), tap.resolution(), tap.resolution()}, map.shape(),
                         tap.name());
                 String recorded = tap.name().equals(FeatureTap.CLASS_EMBEDDING) ? "y" : tap.name();
                 double d = Fixture.maxAbsDiff(c.get(recorded), map.toFloatArray());
                 assertTrue(d <= FEAT_ATOL, tap.name() + ": " + d);
             })) {
            assertTrue(Fixture.maxAbsDiff(c.get("img"), img.toFloatArray()) <= IMG_ATOL);
            assertEquals(List.of(FeatureTap.CLASS_EMBEDDING, "feat.0", "feat.1", "feat.2", "feat.3", "feat.4", "feat.5"), names);
            assertEquals(g.info().taps().stream().map(FeatureTap::name).toList(), names);
        }
    }
}
