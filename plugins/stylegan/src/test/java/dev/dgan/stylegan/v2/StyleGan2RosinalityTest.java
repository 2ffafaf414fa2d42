package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.Latents;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rosinality layout, checked by writing the NVlabs fixture weights in rosinality's layout
 * (the inverse mapping, written out here by hand) and comparing the images. There is no
 * checkpoint saved by rosinality/stylegan2-pytorch among the fixtures.
 */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2RosinalityTest {

    /** NVlabs fixture state dict -> rosinality g_ema layout (without latent_avg). Caller closes the result. */
    static Map<String, Tensor> toRosinality(Map<String, Tensor> nv, StyleGan2Config c) {
        Map<String, Tensor> r = new LinkedHashMap<>();
        for (int i = 0; i < c.mappingLayers(); i++) {
            r.put("style." + (i + 1) + ".weight", nv.get("mapping.fc" + i + ".weight").share());
            r.put("style." + (i + 1) + ".bias", nv.get("mapping.fc" + i + ".bias").share());
        }
        r.put("input.input", Ops.unsqueeze(nv.get("synthesis.b4.const"), 0));
        int conv = 0, noise = 0, rgb = 0;
        for (int res : c.blockResolutions()) {
            String b = "synthesis.b" + res + ".";
            if (res == 4) {
                styled(r, nv, b + "conv1.", "conv1.", noise++, false);
                rgb(r, nv, b + "torgb.", "to_rgb1.", false);
            } else {
                styled(r, nv, b + "conv0.", "convs." + conv++ + ".", noise++, true);
                styled(r, nv, b + "conv1.", "convs." + conv++ + ".", noise++, false);
                rgb(r, nv, b + "torgb.", "to_rgbs." + rgb++ + ".", true);
            }
        }
        return r;
    }

    private static void styled(Map<String, Tensor> r, Map<String, Tensor> nv, String p, String q, int noise, boolean up) {
        r.put(q + "conv.weight", Ops.unsqueeze(nv.get(p + "weight"), 0));
        r.put(q + "conv.modulation.weight", nv.get(p + "affine.weight").share());
        r.put(q + "conv.modulation.bias", nv.get(p + "affine.bias").share());
        if (up) r.put(q + "conv.blur.kernel", Ops.mul(nv.get(p + "resample_filter"), 4.0));
        r.put(q + "noise.weight", Ops.reshape(nv.get(p + "noise_strength"), 1));
        r.put(q + "activate.bias", nv.get(p + "bias").share());
        long res = nv.get(p + "noise_const").size(0);
        r.put("noises.noise_" + noise, Ops.reshape(nv.get(p + "noise_const"), 1, 1, res, res));
    }

    private static void rgb(Map<String, Tensor> r, Map<String, Tensor> nv, String p, String q, boolean up) {
        r.put(q + "conv.weight", Ops.unsqueeze(nv.get(p + "weight"), 0));
        r.put(q + "conv.modulation.weight", nv.get(p + "affine.weight").share());
        r.put(q + "conv.modulation.bias", nv.get(p + "affine.bias").share());
        r.put(q + "bias", Ops.reshape(nv.get(p + "bias"), 1, -1, 1, 1));
        if (up) r.put(q + "upsample.kernel", Ops.mul(nv.get(p.replace("torgb.", "") + "resample_filter"), 4.0));
    }

    private static float[] image(StyleGan2Backbone g, float[] z, double psi) {
        try (Latents l = Latents.z(Tensor.of(z, 4, 64)); Tensor img = g.synthesize(l.withTruncation(psi))) {
            return img.toFloatArray();
        }
    }

    @Test
    void rosinalityLayoutOfTheFixtureGivesTheSameImages() {
        StyleGan2Config c = Fixture.config();
        StyleGan2Config noClamp = new StyleGan2Config(c.zDim(), c.cDim(), c.wDim(), c.imgResolution(), c.imgChannels(),
                c.mappingLayers(), c.embedFeatures(), c.layerFeatures(), c.mappingActivation(), c.lrMultiplier(),
                c.channelBase(), c.channelMax(), 0, null, "skip", c.resampleFilter(), 3, true, "lrelu");
        Fixture.Case psi07 = Fixture.readCase("0.7");
        Fixture.withSafetensors(nv -> {
            Map<String, Tensor> ro = toRosinality(nv, c);
            try (StyleGan2Backbone ref = StyleGan2Backbone.fromStateDict(nv, noClamp, Device.CPU);
                 StyleGan2Backbone g = StyleGan2Backbone.fromRosinality(ro, nv.get("mapping.w_avg"), noClamp, Device.CPU,
                         "g_ema", StyleGan2Backbone.Options.DEFAULT)) {
                assertEquals("rosinality", g.info().variant());
                for (double psi : new double[] {1.0, 0.7}) {
                    double d = Fixture.maxAbsDiff(image(ref, psi07.get("z"), psi), image(g, psi07.get("z"), psi));
                    System.out.println("stylegan2 rosinality layout vs nvlabs, psi " + psi + ": max abs diff " + d);
                    assertTrue(d <= 1e-5, "psi " + psi + ": " + d);
                }
                // the clamp (256) is inactive on the fixture, so this is also the reference image
                double d = Fixture.maxAbsDiff(psi07.get("img"), image(g, psi07.get("z"), 0.7));
                assertTrue(d <= StyleGan2ParityTest.ATOL, "vs reference: " + d);
            } finally {
                ro.values().forEach(Tensor::close);
            }
            return null;
        });
    }

    @Test
    void withoutLatentAvgWAvgIsEstimatedAndMissingNamesAreReported() {
        StyleGan2Config c = StyleGan2Config.of(64, 64, 32, 8, 512, 32, null);
        Fixture.withSafetensors(nv -> {
            Map<String, Tensor> ro = toRosinality(nv, c);
            try {
                try (StyleGan2Backbone g = StyleGan2Backbone.fromRosinality(ro, null, c, Device.CPU, "g_ema",
                        StyleGan2Backbone.Options.DEFAULT)) {
                    for (float v : g.mapping().wAvg().toFloatArray()) assertTrue(Float.isFinite(v));
                }
                Tensor removed = ro.remove("convs.3.activate.bias");
                try {
                    var e = assertThrows(IllegalArgumentException.class, () -> StyleGan2Backbone.fromRosinality(ro,
                            null, c, Device.CPU, "g_ema", StyleGan2Backbone.Options.DEFAULT));
                    assertTrue(e.getMessage().contains("missing tensor convs.3.activate.bias (expected shape [32])"), e.getMessage());
                } finally {
                    removed.close();
                }
            } finally {
                ro.values().forEach(Tensor::close);
            }
            return null;
        });
    }
}
