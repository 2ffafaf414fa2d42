package dev.dgan.biggan;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.runtime.TestDevice;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every recorded intermediate of the huggingface reference, for all three truncations, from both weight files. */
@ExtendWith(NoTensorLeaks.class)
class BigGanDeepParityTest {

    static final double IMG_ATOL = 1e-5;
    static final double FEAT_ATOL = 1e-4;
    static final long[] CLASSES = {0, 3, 7, 9};

    static BigGanDeepBackbone load(String format) throws IOException {
        String file = format.equals("bin") ? "native/pytorch_model.bin" : "model.safetensors";
        return BigGanDeepCheckpoints.load(Fixture.file(file), Fixture.config(), TestDevice.get());
    }

    @ParameterizedTest(name = "truncation {0} from {1}, class {2}")
    @CsvSource({"1.0, bin, ids", "0.4, bin, ids", "0.333, bin, ids",
            "1.0, safetensors, ids", "0.4, safetensors, ids", "0.333, safetensors, ids",
            "0.333, safetensors, vectors"})
    void everyIntermediateMatchesTheReference(String t, String format, String classes) throws IOException {
        Fixture.Case c = Fixture.readCase(t);
        double truncation = Double.parseDouble(t);
        assertEquals((float) truncation, c.get("truncation")[0]);
        Map<String, float[]> seen = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (BigGanDeepBackbone g = load(format)) {
            Tensor cls = classes.equals("ids") ? Tensor.of(CLASSES, 4) : Tensor.of(c.get("class_vector"), 4, 10);
            try (Latents z = new Latents(Latents.Kind.Z, Tensor.of(c.get("z"), 4, 16), Optional.of(cls));
                 Tensor img = g.run(z.withTruncation(truncation), (name, x) -> {
                     seen.put(name, x.toFloatArray());
                     shapes.put(name, x.shape());
                 })) {
                seen.put("img", img.toFloatArray());
                shapes.put("img", img.shape());
            }
        }
        List<String> report = new ArrayList<>();
        double worstFeat = 0, img = 0;
        for (String recorded : c.values().keySet()) {
            if (!recorded.startsWith("feat.") && !recorded.equals("img")) continue;
            String traced = recorded.startsWith("feat.") ? recorded.substring(5) : recorded;
            assertTrue(seen.containsKey(traced), "the generator never produced " + traced);
            assertArrayEquals(c.shapes().get(recorded), shapes.get(traced), traced + ": shape");
            double d = Fixture.maxAbsDiff(c.get(recorded), seen.get(traced));
            report.add(traced + " " + String.format("%.2e", d));
            double atol = recorded.equals("img") ? IMG_ATOL : FEAT_ATOL;
            if (recorded.equals("img")) img = d; else worstFeat = Math.max(worstFeat, d);
            assertTrue(d <= atol, traced + ": max abs diff " + d + " > " + atol);
        }
        // the class-embedding tap is the recorded embedding viewed as [N, z_dim, 1, 1]
        assertArrayEquals(new long[] {4, 16, 1, 1}, shapes.get(FeatureTap.CLASS_EMBEDDING));
        assertEquals(0.0, Fixture.maxAbsDiff(seen.get("embed"), seen.get(FeatureTap.CLASS_EMBEDDING)));
        for (String traced : seen.keySet()) {
            String recorded = recordedName(traced);
            assertTrue(c.values().containsKey(recorded), "traced " + traced + " is not in the case file");
        }
        System.out.println("biggan-deep parity t=" + t + " (" + format + ", class " + classes + "): img "
                + String.format("%.2e", img) + ", features " + String.format("%.2e", worstFeat) + "; " + String.join(", ", report));
    }

    @ParameterizedTest(name = "truncation {0}")
    @CsvSource({"1.0", "0.333"})
    void tapsReachTheSinkInOrderAndMatch(String t) throws IOException {
        Fixture.Case c = Fixture.readCase(t);
        List<String> names = new ArrayList<>();
        try (BigGanDeepBackbone g = load("safetensors");
             Latents z = new Latents(Latents.Kind.Z, Tensor.of(c.get("z"), 4, 16), Optional.of(Tensor.of(CLASSES, 4)),
                     Double.parseDouble(t));
             Tensor img = g.synthesize(z, (FeatureTap tap, Tensor map) -> {
                 names.add(tap.name());
                 assertArrayEquals(new long[] {4, tap.channels(), tap.resolution(), tap.resolution()}, map.shape(), tap.name());
                 double d = Fixture.maxAbsDiff(c.get(recordedName(tap.name())), map.toFloatArray());
                 assertTrue(d <= FEAT_ATOL, tap.name() + ": " + d);
             })) {
            assertTrue(Fixture.maxAbsDiff(c.get("img"), img.toFloatArray()) <= IMG_ATOL);
            assertEquals(g.info().taps().stream().map(FeatureTap::name).toList(), names);
            assertEquals(FeatureTap.CLASS_EMBEDDING, names.get(0));
        }
    }

    /** The case-file name of a traced intermediate or tap: the class embedding was recorded as feat.embed. */
    static String recordedName(String traced) {
        if (traced.equals("img")) return traced;
        return "feat." + (traced.equals(FeatureTap.CLASS_EMBEDDING) ? "embed" : traced);
    }
}
