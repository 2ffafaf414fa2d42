package dev.dgan.runtime;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * OpenBLAS's thread count, kept equal to libtorch's intra-op threads. The OpenBLAS that ships
 * with the CPU build keeps a pool of its own beside libtorch's, sized to every core; on a busy
 * machine its threads spin while waiting for work, which made a 16 s training run take 344 s.
 * Libraries without OpenBLAS (a CUDA PyTorch, an MKL build) are left alone.
 */
final class BlasThreads {

    private BlasThreads() {}

    /** Sets OpenBLAS's thread count if OpenBLAS is loaded; says whether it was. */
    static boolean set(int threads) {
        Optional<MemorySegment> symbol = SymbolLookup.loaderLookup().find("openblas_set_num_threads");
        if (symbol.isEmpty()) return false;
        try {
            Linker.nativeLinker().downcallHandle(symbol.get(), FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(threads);
            return true;
        } catch (Throwable e) {
            throw new TorchException("setting OpenBLAS's thread count failed: " + e);
        }
    }
}
