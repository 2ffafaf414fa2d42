package dev.dgan.stylegan.v2;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A sample's image depends on its seed only, not on the batch it is rendered in. */
@ExtendWith(NoTensorLeaks.class)
class StyleGan2BatchTest {

    @Test
    void batchedAndSingleRendersAreBitIdentical() {
        StyleGan2Config config = Fixture.config();
        try (StyleGan2Backbone g = Fixture.withSafetensors(sd -> StyleGan2Backbone.fromStateDict(sd, config, Device.CPU));
             TensorScope scope = TensorScope.open()) {
            long[] seeds = {3, 4, 5};
            Latents batch = g.sample(SampleRequest.unconditional(seeds, 0.7));
            float[] together = g.synthesize(batch.withTruncation(0.7)).toFloatArray();
            int per = together.length / seeds.length;
            for (int i = 0; i < seeds.length; i++) {
                Latents one = g.sample(SampleRequest.unconditional(new long[] {seeds[i]}, 0.7));
                float[] alone = g.synthesize(one.withTruncation(0.7)).toFloatArray();
                float[] slice = java.util.Arrays.copyOfRange(together, i * per, (i + 1) * per);
                assertArrayEquals(alone, slice, "seed " + seeds[i]);
            }
            assertArrayEquals(Ops.narrow(batch.values(), 0, 1, 1).toFloatArray(),
                    g.sample(SampleRequest.unconditional(new long[] {4}, 0.7)).values().toFloatArray());
        }
    }
}
