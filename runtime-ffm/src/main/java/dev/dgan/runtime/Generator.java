package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.lang.foreign.MemorySegment;
import java.util.function.IntSupplier;

/**
 * A seeded random number generator (libtorch's CPU Mersenne Twister). Samples are drawn on
 * the CPU and copied to other devices, so a seed yields the same numbers everywhere.
 *
 * <p>Where the loaded libtorch passes generators to ops ({@link AbiFeatures#generatorHandles()}),
 * this holds a heap at::Generator. Older releases' dispatchers take no generator argument: there
 * this holds only the generator's state (a tensor), which is lent to libtorch's default CPU
 * generator for the one call that draws, then read back, and the default generator's own state
 * restored. Both give the same numbers for the same seed and sequence of draws.
 */
public final class Generator implements AutoCloseable {

    /** One lending at a time: the default generator is process-wide. */
    private static final Object DEFAULT_GENERATOR_LOCK = new Object();

    private MemorySegment handle; // an at::Generator*, with generator handles
    private MemorySegment state;  // an owning AtenTensorHandle, without them
    private final long seed;
    private final boolean lentToDefault;

    private Generator(MemorySegment handle, MemorySegment state, long seed) {
        this.handle = handle;
        this.state = state;
        this.seed = seed;
        this.lentToDefault = state != null;
    }

    public static Generator seeded(long seed) {
        if (!LibTorch.get().features().generatorHandles()) return new Generator(null, seededState(seed), seed);
        MemorySegment h = CxxAbi.newCpuGenerator(seed);
        if (h.equals(MemorySegment.NULL)) throw new TorchException("libtorch did not construct a generator in place");
        return new Generator(h, null, seed);
    }

    /** The state a CPU generator seeded with {@code seed} starts from, made on the default generator. */
    private static MemorySegment seededState(long seed) {
        synchronized (DEFAULT_GENERATOR_LOCK) {
            MemorySegment def = CxxAbi.GeneratorState.defaultGenerator();
            MemorySegment saved = CxxAbi.GeneratorState.state(def);
            try {
                CxxAbi.GeneratorState.setSeed(def, seed);
                return CxxAbi.GeneratorState.state(def);
            } finally {
                CxxAbi.GeneratorState.setState(def, saved);
                TorchAbi.aoti_torch_delete_tensor_object(saved);
            }
        }
    }

    public long seed() {
        return seed;
    }

    /** Passes this generator as a {@code Generator?} argument (the callee frees its own reference). */
    void pushTo(OpCall call) {
        if (lentToDefault) {
            call.noneDrawingFrom(this);
            return;
        }
        MemorySegment h = handle;
        call.optGenerator(() -> {
            if (h == null) throw new IllegalStateException("generator is closed");
            return Native.withPointer(out -> TorchAbi.torch_new_generator_handle(h, out), "generator handle");
        });
    }

    void checkOpen() {
        if (state == null && handle == null) throw new IllegalStateException("generator is closed");
    }

    /** Runs {@code call} (an op given no generator) with the default CPU generator drawing from this one's state. */
    int lend(IntSupplier call) {
        synchronized (DEFAULT_GENERATOR_LOCK) {
            if (state == null) throw new IllegalStateException("generator is closed");
            MemorySegment def = CxxAbi.GeneratorState.defaultGenerator();
            MemorySegment saved = CxxAbi.GeneratorState.state(def);
            try {
                CxxAbi.GeneratorState.setState(def, state);
                return call.getAsInt();
            } finally {
                MemorySegment advanced = CxxAbi.GeneratorState.state(def);
                TorchAbi.aoti_torch_delete_tensor_object(state);
                state = advanced;
                CxxAbi.GeneratorState.setState(def, saved);
                TorchAbi.aoti_torch_delete_tensor_object(saved);
            }
        }
    }

    @Override
    public void close() {
        if (state != null) {
            MemorySegment s = state;
            state = null;
            Native.check(TorchAbi.aoti_torch_delete_tensor_object(s), "delete generator state");
        }
        if (handle == null) return;
        MemorySegment h = handle;
        handle = null;
        Native.check(TorchAbi.torch_delete_generator(h), "delete generator");
    }
}
