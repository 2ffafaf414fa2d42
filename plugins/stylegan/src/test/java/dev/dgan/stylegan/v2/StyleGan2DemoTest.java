package dev.dgan.stylegan.v2;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shared trained demo model (init_kwargs config), where the shared folder exists. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2DemoTest {

    static final Path DEMO = Path.of("/work/shared/demo");

    @Test
    void loadsTheDemoModelFromSafetensorsAndInitKwargsConfig() throws IOException {
        assumeTrue(Files.exists(DEMO.resolve("G_ema.safetensors")), "no shared demo model here");
        try (StyleGan2Backbone g = StyleGan2Checkpoints.load(BackboneSource.of(DEMO.resolve("G_ema.safetensors"), DEMO.resolve("config.json")), Device.CPU);
             Latents z = g.sample(SampleRequest.unconditional(new long[] {1, 2}, 1.0));
             Tensor img = g.synthesize(z.withTruncation(0.7))) {
            assertEquals(8, g.info().numWs());
            assertEquals(64, g.info().taps().getFirst().channels());
            assertArrayEquals(new long[] {2, 3, 32, 32}, img.shape());
            for (float v : img.toFloatArray()) assertTrue(Float.isFinite(v));
        }
    }
}
