package dev.dgan.stylegan.v1;

import dev.dgan.api.contract.BackboneContract;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** The plugin contract on the 32 px DatasetGAN-layout fixture generator, truncated as DatasetGAN draws. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan1ContractTest {

    @Test
    void theFixtureGeneratorKeepsThePluginContract() throws Exception {
        try (StyleGan1Backbone g = StyleGan1BackboneTest.res32()) {
            // noise is seeded per latent, so a sample's noise does not depend on its batch;
            // batched convolutions may still sum in another order: float rounding only
            BackboneContract.check(g, new long[] {3, 11, 42}, Optional.empty(), 0.7, 1e-4);
        }
    }
}
