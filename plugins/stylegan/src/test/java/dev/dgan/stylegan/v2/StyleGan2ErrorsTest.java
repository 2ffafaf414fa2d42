package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.Latents;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad weights, configs and latents are rejected in Java with messages that say what was expected. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2ErrorsTest {

    private static IllegalArgumentException loadFails(java.util.function.Consumer<Map<String, Tensor>> edit,
                                                      StyleGan2Config config) {
        return Fixture.withSafetensors(sd -> {
            Map<String, Tensor> m = new LinkedHashMap<>(sd);
            try {
                edit.accept(m);
                return assertThrows(IllegalArgumentException.class,
                        () -> StyleGan2Backbone.fromStateDict(m, config, Device.CPU, "G_ema.safetensors",
                                StyleGan2Backbone.Options.DEFAULT));
            } finally {
                // tensors the edit added
                for (Map.Entry<String, Tensor> e : m.entrySet()) if (sd.get(e.getKey()) != e.getValue()) e.getValue().close();
            }
        });
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    @Test
    void missingTensorIsNamed() {
        var e = loadFails(m -> m.remove("synthesis.b8.conv0.weight"), Fixture.config());
        assertMentions(e, "G_ema.safetensors", "missing tensor synthesis.b8.conv0.weight", "[32, 32, 3, 3]");
    }

    @Test
    void wrongShapeNamesExpectedAndFound() {
        var e = loadFails(m -> m.put("mapping.fc0.weight", Tensor.of(new float[64 * 63], 64, 63)), Fixture.config());
        assertMentions(e, "tensor mapping.fc0.weight: expected shape [64, 64], found [64, 63]");
    }

    @Test
    void unexpectedTensorIsNamed() {
        var e = loadFails(m -> m.put("synthesis.b64.conv0.weight", Tensor.of(new float[4], 2, 2)), Fixture.config());
        assertMentions(e, "unexpected tensor synthesis.b64.conv0.weight [2, 2]");
    }

    @Test
    void configThatDoesNotFitTheWeights() {
        StyleGan2Config wrong = StyleGan2Config.of(64, 64, 32, 8, 512, 64, 256.0);
        var e = loadFails(m -> { }, wrong);
        assertMentions(e, "channel_max 64", "synthesis.b4.const: expected shape [64, 4, 4], found [32, 4, 4]");
        StyleGan2Config fewerLayers = StyleGan2Config.of(64, 64, 32, 2, 512, 32, 256.0);
        assertMentions(loadFails(m -> { }, fewerLayers), "unexpected tensor mapping.fc2.weight");
    }

    @Test
    void latentsOfTheWrongShapeAreRejected() {
        try (StyleGan2Backbone g = Fixture.withSafetensors(sd -> StyleGan2Backbone.fromStateDict(sd, Fixture.config(), Device.CPU))) {
            try (Latents z = Latents.z(Tensor.of(new float[4 * 63], 4, 63))) {
                assertMentions(assertThrows(IllegalArgumentException.class, () -> g.synthesize(z)),
                        "latents Z", "[N, z_dim=64]", "[4, 63]");
            }
            try (Latents ws = new Latents(Latents.Kind.WS, Tensor.of(new float[4 * 7 * 64], 4, 7, 64), Optional.empty())) {
                assertMentions(assertThrows(IllegalArgumentException.class, () -> g.synthesize(ws)),
                        "latents WS", "[N, num_ws=8, w_dim=64]", "[4, 7, 64]");
            }
            try (Latents w = new Latents(Latents.Kind.W, Tensor.of(new float[8 * 64], 1, 8, 64), Optional.empty())) {
                assertMentions(assertThrows(IllegalArgumentException.class, () -> g.synthesize(w)),
                        "latents W", "[N, w_dim=64]");
            }
            try (Latents zc = new Latents(Latents.Kind.Z, Tensor.of(new float[64], 1, 64), Optional.of(Tensor.of(new long[] {0}, 1)))) {
                assertMentions(assertThrows(IllegalArgumentException.class, () -> g.synthesize(zc)), "unconditional");
            }
            try (Latents z = Latents.z(Tensor.of(new float[64], 1, 64))) {
                assertMentions(assertThrows(IllegalArgumentException.class, () -> g.synthesize(z.withTruncation(-1))), "truncation psi");
            }
        }
    }

    @Test
    void badConfigsNameTheField() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StyleGan2Config.fromJson(
                "{\"z_dim\": 64, \"w_dim\": 64, \"img_resolution\": 32, \"synthesis_kwargs\": {\"architecture\": \"fancy\"}}")),
                "synthesis_kwargs.architecture", "fancy");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StyleGan2Config.fromJson(
                "{\"w_dim\": 64, \"img_resolution\": 32}")), "z_dim", "missing");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StyleGan2Config.fromJson(
                "{\"z_dim\": 64, \"w_dim\": 64, \"img_resolution\": 48}")), "img_resolution", "power of two");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StyleGan2Config.fromJson(
                "{\"z_dim\": 64, \"w_dim\": 64, \"img_resolution\": 32, \"mapping_kwargs\": {\"num_layerz\": 2}}")),
                "mapping_kwargs.num_layerz");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> StyleGan2Config.fromJson(
                "{\"z_dim\": \"x\", \"w_dim\": 64, \"img_resolution\": 32}")), "z_dim", "integer");
    }
}
