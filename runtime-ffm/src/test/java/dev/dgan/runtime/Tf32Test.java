package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TF32 switches: bound, read back as set, and without effect on CPU kernels. */
class Tf32Test {

    private static float[] product(long seed) {
        try (TensorScope s = TensorScope.open(); Generator g = Generator.seeded(seed)) {
            Tensor a = Ops.randn(g, DType.F32, Device.CPU, 64, 96);
            Tensor b = Ops.randn(g, DType.F32, Device.CPU, 96, 48);
            return Ops.mm(a, b).toFloatArray();
        }
    }

    @Test
    void flagsReadBackAsSetAndCpuMatmulsStayBitIdentical() {
        boolean before = Tf32.allowed();
        try {
            Tf32.allow(false);
            assertFalse(Tf32.allowed());
            float[] ieee = product(5);
            Tf32.allow(true);
            assertTrue(Tf32.allowed());
            assertArrayEquals(ieee, product(5), "TF32 is a CUDA setting: CPU results must not move");
        } finally {
            Tf32.allow(before);
        }
    }
}
