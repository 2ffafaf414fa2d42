package dev.dgan.runtime;

/**
 * Whether CUDA matmuls and convolutions may round float32 inputs to TF32 (10-bit mantissa) on
 * tensor cores. A process-wide libtorch setting, off by default as in PyTorch; it changes no
 * CPU kernel.
 */
public final class Tf32 {

    private Tf32() {}

    /** Sets libtorch's cuBLAS and cuDNN TF32 flags and checks that the cuBLAS one reads back as set. */
    public static void allow(boolean allow) {
        CxxAbi.Tf32.allow(allow);
        if (CxxAbi.Tf32.cublasAllowed() != allow)
            throw new TorchException("libtorch " + LibTorch.get().version() + " did not keep the TF32 flag set to " + allow);
    }

    /** The cuBLAS flag as libtorch reports it. */
    public static boolean allowed() {
        return CxxAbi.Tf32.cublasAllowed();
    }
}
