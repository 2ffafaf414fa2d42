package dev.dgan.biggan;

import dev.dgan.api.contract.BackboneContract;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** The plugin contract on both BigGAN fixtures (class-conditional: each sample with its own class). */
@ExtendWith(NoTensorLeaks.class)
class BigGanContractTest {

    @Test
    void brocksGeneratorKeepsThePluginContract() throws Exception {
        try (BigGan512Backbone g = BrockFixture.load("safetensors")) {
            // batch norm here uses stored statistics, so a sample does not depend on its batch beyond float rounding
            BackboneContract.check(g, new long[] {3, 11, 42}, Optional.of(new int[] {3, 7, 1}), 1.0, 1e-4);
        }
    }

    @Test
    void bigGanDeepKeepsThePluginContract() throws Exception {
        try (BigGanDeepBackbone g = BigGanDeepParityTest.load("safetensors")) {
            BackboneContract.check(g, new long[] {5, 6}, Optional.of(new int[] {0, 2}), 0.4, 1e-4);
        }
    }
}
