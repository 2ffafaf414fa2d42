package dev.dgan.stylegan.v2;

import dev.dgan.runtime.TestDevice;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.Latents;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every recorded intermediate of the NVlabs reference, for both cases, from both weight files. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2ParityTest {

    static final double ATOL = 1e-4;

    /** Runs the backbone on {@code latents} and records every traced intermediate (name -> values, shape). */
    static Map<String, float[]> trace(StyleGan2Backbone g, Latents latents, double psi, Map<String, long[]> shapes) {
        Map<String, float[]> seen = new LinkedHashMap<>();
        try (Tensor img = g.run(latents.withTruncation(psi), (name, t) -> {
            seen.put(name, t.toFloatArray());
            if (shapes != null) shapes.put(name, t.shape());
        })) {
            seen.put("img", img.toFloatArray());
            if (shapes != null) shapes.put("img", img.shape());
        }
        return seen;
    }

    private static String recordedName(String traced) {
        if (traced.equals("ws") || traced.equals("img")) return traced;
        return "feat." + traced;
    }

    @ParameterizedTest(name = "psi {0} from {1}")
    @CsvSource({"1.0, safetensors", "0.7, safetensors", "1.0, pt", "0.7, pt"})
    void everyIntermediateMatchesTheReference(String psi, String format) {
        Fixture.Case c = Fixture.readCase(psi);
        StyleGan2Config config = Fixture.config();
        StyleGan2Backbone g = format.equals("pt")
                ? Fixture.withPt(sd -> StyleGan2Backbone.fromStateDict(sd, config, TestDevice.get()))
                : Fixture.withSafetensors(sd -> StyleGan2Backbone.fromStateDict(sd, config, TestDevice.get()));
        try (g) {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, float[]> seen;
            try (Latents z = Latents.z(Tensor.of(c.get("z"), 4, 64))) {
                seen = trace(g, z, Double.parseDouble(psi), shapes);
            }
            List<String> report = new ArrayList<>();
            double worst = 0;
            for (String recorded : c.values().keySet()) {
                if (recorded.equals("z")) continue;
                String traced = recorded.startsWith("feat.") ? recorded.substring(5) : recorded;
                assertTrue(seen.containsKey(traced), "the generator never produced " + traced);
                assertArrayEquals(c.shapes().get(recorded), shapes.get(traced), traced + ": shape");
                double d = Fixture.maxAbsDiff(c.get(recorded), seen.get(traced));
                report.add(traced + " " + String.format("%.2e", d));
                worst = Math.max(worst, d);
                assertTrue(d <= ATOL, traced + ": max abs diff " + d + " > " + ATOL);
            }
            for (String traced : seen.keySet()) {
                assertTrue(c.values().containsKey(recordedName(traced)), "traced " + traced + " is not in the case file");
            }
            System.out.println("stylegan2 parity psi " + psi + " (" + format + "): max abs diff " + String.format("%.2e", worst)
                    + " over " + report.size() + " tensors; " + String.join(", ", report));
        }
    }

    @ParameterizedTest(name = "psi {0}")
    @CsvSource({"1.0", "0.7"})
    void wsAndWInputsGiveTheSameImageAsZ(String psi) {
        Fixture.Case c = Fixture.readCase(psi);
        double p = Double.parseDouble(psi);
        try (StyleGan2Backbone g = Fixture.withSafetensors(sd -> StyleGan2Backbone.fromStateDict(sd, Fixture.config(), TestDevice.get()))) {
            Map<String, float[]> fromZ;
            try (Latents z = Latents.z(Tensor.of(c.get("z"), 4, 64))) {
                fromZ = trace(g, z, p, null);
            }
            // ws as recorded (already truncated): used as is, psi is not applied again
            Map<String, float[]> fromWs;
            try (Latents ws = new Latents(Latents.Kind.WS, Tensor.of(fromZ.get("ws"), 4, 8, 64), Optional.empty())) {
                fromWs = trace(g, ws, p, null);
            }
            assertArrayEquals(fromZ.get("img"), fromWs.get("img"), "image from ws vs from z");
            // w = last mapping output: broadcast, then truncated
            Map<String, float[]> fromW;
            try (Latents w = new Latents(Latents.Kind.W, Tensor.of(fromZ.get("mapping.fc7"), 4, 64), Optional.empty())) {
                fromW = trace(g, w, p, null);
            }
            assertArrayEquals(fromZ.get("ws"), fromW.get("ws"), "ws from w vs from z");
            assertArrayEquals(fromZ.get("img"), fromW.get("img"), "image from w vs from z");
            double d = Fixture.maxAbsDiff(c.get("img"), fromWs.get("img"));
            assertTrue(d <= ATOL, "image from ws: " + d);
        }
    }

    @org.junit.jupiter.api.Test
    void tapsAreTheConvOutputsInOrderAndMatchInfo() {
        Fixture.Case c = Fixture.readCase("1.0");
        try (StyleGan2Backbone g = Fixture.withSafetensors(sd -> StyleGan2Backbone.fromStateDict(sd, Fixture.config(), TestDevice.get()));
             Latents z = Latents.z(Tensor.of(c.get("z"), 4, 64))) {
            List<String> names = new ArrayList<>();
            try (Tensor img = g.synthesize(z, (tap, t) -> {
                names.add(tap.name());
                assertArrayEquals(new long[] {4, tap.channels(), tap.resolution(), tap.resolution()}, t.shape(), tap.name());
                double d = Fixture.maxAbsDiff(c.get("feat." + tap.name()), t.toFloatArray());
                assertTrue(d <= ATOL, tap.name() + ": " + d);
            })) {
                assertArrayEquals(new long[] {4, 3, 32, 32}, img.shape());
            }
            assertEquals(List.of("b4.conv1", "b8.conv0", "b8.conv1", "b16.conv0", "b16.conv1", "b32.conv0", "b32.conv1"), names);
            assertEquals(names, g.info().taps().stream().map(dev.dgan.api.FeatureTap::name).toList());
            assertEquals(32 + 32 * 4 + 16 * 2, g.info().tapChannels());
            assertEquals("stylegan2", g.info().name());
            assertEquals("nvlabs", g.info().variant());
            assertEquals(8, g.info().numWs());
        }
    }
}
