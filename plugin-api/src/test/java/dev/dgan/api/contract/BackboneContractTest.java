package dev.dgan.api.contract;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks pass on a backbone that keeps the contract and fail, naming the fault, on one that breaks each part. */
@ExtendWith(NoTensorLeaks.class)
class BackboneContractTest {

    enum Fault { NONE, BATCH_MEAN, TAPS_REVERSED, LEAK, RANDOM, DROPS_TRUNCATION }

    /** 2x2 px, grey level = z, taps "a" (1 ch, 2 px) then "b" (2 ch, 1 px) derived from z. */
    static final class Fake implements Backbone {
        static final FeatureTap A = new FeatureTap("a", 1, 2), B = new FeatureTap("b", 2, 1);
        final Fault fault;
        final List<Tensor> leaked = new ArrayList<>();
        int calls;

        Fake(Fault fault) {
            this.fault = fault;
        }

        public BackboneInfo info() {
            return new BackboneInfo("fake", "v", 2, 3, new Conditioning.Unconditional(), 1, 0, 0, List.of(A, B));
        }

        public Latents sample(SampleRequest request) {
            float[] z = new float[request.count()];
            for (int i = 0; i < z.length; i++) z[i] = (request.seeds()[i] % 7) / 7f + (fault == Fault.RANDOM ? ++calls * 1e-3f : 0);
            Latents l = Latents.z(Tensor.of(z, z.length, 1));
            return fault == Fault.DROPS_TRUNCATION ? l : l.withTruncation(request.truncation());
        }

        public Tensor synthesize(Latents latents, FeatureSink taps) {
            float[] z;
            try (Tensor cpu = latents.values().cpu()) {
                z = cpu.toFloatArray();
            }
            int n = z.length;
            float mean = 0;
            for (float v : z) mean += v / n;
            float[] image = new float[n * 12], a = new float[n * 4], b = new float[n * 2];
            for (int i = 0; i < n; i++) {
                float v = fault == Fault.BATCH_MEAN ? z[i] - mean : z[i];
                for (int k = 0; k < 12; k++) image[i * 12 + k] = v;
                for (int k = 0; k < 4; k++) a[i * 4 + k] = 2 * v;
                b[i * 2] = v;
                b[i * 2 + 1] = -v;
            }
            try (Tensor ta = Tensor.of(a, n, 1, 2, 2); Tensor tb = Tensor.of(b, n, 2, 1, 1)) {
                if (fault == Fault.TAPS_REVERSED) {
                    taps.accept(B, tb);
                    taps.accept(A, ta);
                } else {
                    taps.accept(A, ta);
                    taps.accept(B, tb);
                }
            }
            if (fault == Fault.LEAK) leaked.add(Tensor.of(new float[] {1}, 1));
            return Tensor.of(image, n, 3, 2, 2);
        }

        public void close() {
            leaked.forEach(Tensor::close);
        }
    }

    private static final long[] SEEDS = {1, 2, 3};

    @Test
    void aBackboneThatKeepsTheContractPasses() {
        try (Fake f = new Fake(Fault.NONE)) {
            BackboneContract.check(f, SEEDS, Optional.empty(), 1.0, 0);
        }
    }

    @Test
    void eachBrokenPromiseIsCaughtByItsCheck() {
        SampleRequest request = new SampleRequest(SEEDS, Optional.empty(), 1.0);
        try (Fake f = new Fake(Fault.BATCH_MEAN)) {
            var e = assertThrows(AssertionError.class, () -> BackboneContract.batchIndependent(f, request, 1e-6));
            assertTrue(e.getMessage().contains("between batch element"), e.getMessage());
        }
        try (Fake f = new Fake(Fault.TAPS_REVERSED)) {
            var e = assertThrows(AssertionError.class, () -> BackboneContract.tapsArriveInDeclaredOrder(f, request));
            assertTrue(e.getMessage().contains("info().taps() order"), e.getMessage());
        }
        try (Fake f = new Fake(Fault.LEAK)) {
            var e = assertThrows(AssertionError.class, () -> BackboneContract.freesItsTensors(f, request));
            assertTrue(e.getMessage().contains("tensors left open"), e.getMessage());
        }
        try (Fake f = new Fake(Fault.RANDOM)) {
            var e = assertThrows(AssertionError.class, () -> BackboneContract.sameSeedsSameSamples(f, request));
            assertTrue(e.getMessage().contains("rendered twice differ"), e.getMessage());
        }
        try (Fake f = new Fake(Fault.DROPS_TRUNCATION)) {
            SampleRequest truncated = new SampleRequest(SEEDS, Optional.empty(), 0.5);
            var e = assertThrows(AssertionError.class, () -> BackboneContract.latentsCarryTheRequest(f, truncated));
            assertTrue(e.getMessage().contains("truncation"), e.getMessage());
        }
    }
}
