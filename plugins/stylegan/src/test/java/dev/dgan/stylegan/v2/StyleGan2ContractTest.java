package dev.dgan.stylegan.v2;

import dev.dgan.api.BackboneSource;
import dev.dgan.api.contract.BackboneContract;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Optional;

/** The plugin contract on the bundled demo generator (32 px, the repository's demo/ folder). */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2ContractTest {

    static final Path DEMO = Path.of("..", "..", "demo");

    @Test
    void theDemoGeneratorKeepsThePluginContract() throws Exception {
        try (StyleGan2Backbone g = StyleGan2Checkpoints.load(BackboneSource.of(DEMO.resolve("G_ema.safetensors"), DEMO.resolve("config.json")),
                Device.CPU)) {
            // batched convolutions may sum in another order than single ones: float rounding, nothing more
            BackboneContract.check(g, new long[] {3, 11, 42}, Optional.empty(), 0.7, 1e-4);
        }
    }
}
