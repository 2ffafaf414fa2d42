package dev.dgan.host.bench;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

/**
 * The device's float32 matrix-product rate, measured where the bench runs, with its threads and
 * precision settings: the roofline a stage's GFLOP/s is read against. Labeling is mostly matrix
 * products, so a stage far below this rate spends its time elsewhere (memory passes, dispatch).
 */
public final class MatmulRate {

    private MatmulRate() {}

    /** Best of three n x n products after one warm-up (n = 2048 on the CPU, as the JMH suite's MatmulBench; 8192 on a GPU). */
    public static double gflopsPerSecond(Device device) {
        long n = device.isCpu() ? 2048 : 8192;
        try (TensorScope scope = TensorScope.open(); Generator g = Generator.seeded(0)) {
            Tensor a = Ops.randn(g, DType.F32, device, n, n), b = Ops.randn(g, DType.F32, device, n, n);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                try (Tensor y = Ops.mm(a, b); Tensor corner = Ops.narrow(Ops.narrow(y, 0, n - 1, 1), 1, n - 1, 1)) {
                    corner.item(); // copies back, so a GPU has finished the product
                }
                if (i > 0) best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }
}
