package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.lang.foreign.MemorySegment;

/**
 * A seeded random number generator (libtorch's CPU Mersenne Twister). Samples are drawn on
 * the CPU and copied to other devices, so a seed yields the same numbers everywhere.
 */
public final class Generator implements AutoCloseable {

    private MemorySegment handle;
    private final long seed;

    private Generator(MemorySegment handle, long seed) {
        this.handle = handle;
        this.seed = seed;
    }

    public static Generator seeded(long seed) {
        MemorySegment h = CxxAbi.newCpuGenerator(seed);
        if (h.equals(MemorySegment.NULL)) throw new TorchException("libtorch did not construct a generator in place");
        return new Generator(h, seed);
    }

    public long seed() {
        return seed;
    }

    /** Passes this generator as a {@code Generator?} argument (the callee frees its own reference). */
    void pushTo(OpCall call) {
        MemorySegment h = handle;
        call.optGenerator(() -> {
            if (h == null) throw new IllegalStateException("generator is closed");
            return Native.withPointer(out -> TorchAbi.torch_new_generator_handle(h, out), "generator handle");
        });
    }

    @Override
    public void close() {
        if (handle == null) return;
        MemorySegment h = handle;
        handle = null;
        Native.check(TorchAbi.torch_delete_generator(h), "delete generator");
    }
}
