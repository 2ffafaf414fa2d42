package dev.dgan.vqgan;

import dev.dgan.api.contract.BackboneContract;
import dev.dgan.runtime.NoTensorLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

/** The plugin contract on a small random class-conditional VQGAN (transformer sampling, then decoding). */
@ExtendWith(NoTensorLeaks.class)
class VqganContractTest {

    @Test
    void aClassConditionalVqganKeepsThePluginContract() {
        try (VqganBackbone b = VqganBackboneTest.small()) {
            BackboneContract.check(b, new long[] {1, 2, 3}, Optional.of(new int[] {0, 4, 9}), 1.0, 1e-4);
        }
    }
}
