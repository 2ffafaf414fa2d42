package dev.dgan.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The only place the runtime reaches past libtorch's stable C ABI into its C++ ABI, for the
 * things the stable ABI lacks in 2.13: reading a tensor's {@code .grad}, creating a seeded
 * generator and setting the intra-op thread count. Both are Itanium-ABI symbols of libc10/libtorch_cpu. {@link #selfCheck()}
 * proves them against known answers before first use, so a libtorch whose C++ layout differs
 * fails loudly instead of misbehaving.
 */
final class CxxAbi {

    private static final Linker LINKER = Linker.nativeLinker();

    /** const at::Tensor& c10::TensorImpl::grad() const */
    private static final MethodHandle GRAD;
    /** c10::UndefinedTensorImpl::_singleton: the impl of every undefined at::Tensor. */
    private static final MemorySegment UNDEFINED_IMPL;
    /** at::Generator at::detail::createCPUGenerator(uint64_t), returned through a hidden pointer. */
    private static final MethodHandle CREATE_CPU_GENERATOR;
    /** operator new(size_t): memory that torch_delete_generator may later delete. */
    private static final MethodHandle OPERATOR_NEW;
    private static final MethodHandle OPERATOR_DELETE;

    static {
        LibTorch.get();
        SymbolLookup torch = SymbolLookup.loaderLookup();
        SymbolLookup cxx = SymbolLookup.libraryLookup("libstdc++.so.6", Arena.global());
        GRAD = LINKER.downcallHandle(find(torch, "_ZNK3c1010TensorImpl4gradEv"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        UNDEFINED_IMPL = find(torch, "_ZN3c1019UndefinedTensorImpl10_singletonE");
        CREATE_CPU_GENERATOR = LINKER.downcallHandle(find(torch, "_ZN2at6detail18createCPUGeneratorEm"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        OPERATOR_NEW = LINKER.downcallHandle(find(cxx, "_Znwm"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        OPERATOR_DELETE = LINKER.downcallHandle(find(cxx, "_ZdlPv"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    }

    private CxxAbi() {}

    private static MemorySegment find(SymbolLookup lookup, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new LibTorchLoadException(
                "libtorch at " + LibTorch.get().libraryPath() + " does not export " + symbol
                        + ", which dgan needs for gradients and seeded generators"));
    }

    /**
     * The at::Tensor* of {@code tensor}'s gradient (borrowed), or NULL when it has none.
     * An AtenTensorHandle is an at::Tensor*, whose single field is the TensorImpl*.
     */
    static MemorySegment gradOf(MemorySegment tensorHandle) {
        MemorySegment impl = tensorHandle.reinterpret(8).get(ValueLayout.ADDRESS, 0);
        try {
            MemorySegment grad = ((MemorySegment) GRAD.invokeExact(impl)).reinterpret(8);
            MemorySegment gradImpl = grad.get(ValueLayout.ADDRESS, 0);
            return gradImpl.address() == UNDEFINED_IMPL.address() ? MemorySegment.NULL : grad;
        } catch (Throwable e) {
            throw new TorchException("reading .grad failed: " + e);
        }
    }

    /**
     * void at::set_num_threads(int). Resolved on each call rather than in the static
     * initialiser, because libtorch applies $DGAN_THREADS while it is still loading.
     */
    static void setNumThreads(int threads) {
        MemorySegment symbol = SymbolLookup.loaderLookup().find("_ZN2at15set_num_threadsEi").orElseThrow(() ->
                new LibTorchLoadException("libtorch does not export at::set_num_threads(int)"));
        try {
            LINKER.downcallHandle(symbol, FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(threads);
        } catch (Throwable e) {
            throw new TorchException("setting the thread count failed: " + e);
        }
    }

    /**
     * A heap StableIValue (8 bytes from C++ operator new), as libtorch releases without
     * torch_new_stable_ivalue box an optional argument themselves; their dispatcher frees it
     * with delete.
     */
    static MemorySegment newBox() {
        try {
            return ((MemorySegment) OPERATOR_NEW.invokeExact(8L)).reinterpret(8);
        } catch (Throwable e) {
            throw new TorchException("allocating an optional argument failed: " + e);
        }
    }

    /** Frees a box from {@link #newBox()} that no callee received. */
    static void deleteBox(MemorySegment box) {
        try {
            OPERATOR_DELETE.invokeExact(box);
        } catch (Throwable e) {
            throw new TorchException("freeing an optional argument failed: " + e);
        }
    }

    /**
     * CPU generator state through the C++ ABI, for libtorch releases whose dispatcher takes no
     * generator argument: the default CPU generator is lent a generator's state for one call.
     * Resolved on first use, so releases that never need it never look these symbols up.
     */
    static final class GeneratorState {
        /** const at::Generator& at::detail::getDefaultCPUGenerator() */
        private static final MethodHandle DEFAULT_GENERATOR;
        /** c10::intrusive_ptr<c10::TensorImpl> at::CPUGeneratorImpl::get_state() const, returned through a hidden pointer */
        private static final MethodHandle GET_STATE;
        /** void at::CPUGeneratorImpl::set_state(const c10::TensorImpl&) */
        private static final MethodHandle SET_STATE;
        /** void at::CPUGeneratorImpl::set_current_seed(uint64_t) */
        private static final MethodHandle SET_SEED;

        static {
            SymbolLookup torch = SymbolLookup.loaderLookup();
            DEFAULT_GENERATOR = LINKER.downcallHandle(find(torch, "_ZN2at6detail22getDefaultCPUGeneratorEv"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            GET_STATE = LINKER.downcallHandle(find(torch, "_ZNK2at16CPUGeneratorImpl9get_stateEv"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            SET_STATE = LINKER.downcallHandle(find(torch, "_ZN2at16CPUGeneratorImpl9set_stateERKN3c1010TensorImplE"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            SET_SEED = LINKER.downcallHandle(find(torch, "_ZN2at16CPUGeneratorImpl16set_current_seedEm"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        }

        private GeneratorState() {}

        /** The default CPU generator's CPUGeneratorImpl* (an at::Generator's single field). */
        static MemorySegment defaultGenerator() {
            try {
                return ((MemorySegment) DEFAULT_GENERATOR.invokeExact()).reinterpret(8).get(ValueLayout.ADDRESS, 0);
            } catch (Throwable e) {
                throw new TorchException("reading the default CPU generator failed: " + e);
            }
        }

        /**
         * The generator's state as a new owning AtenTensorHandle. The hidden return slot holds an
         * intrusive_ptr to the state's TensorImpl, which is exactly an at::Tensor, so the stable
         * ABI's tensor deleter frees it.
         */
        static MemorySegment state(MemorySegment generator) {
            MemorySegment slot;
            try {
                slot = (MemorySegment) OPERATOR_NEW.invokeExact(8L);
            } catch (Throwable e) {
                throw new TorchException("allocating a generator state failed: " + e);
            }
            try {
                MemorySegment ret = (MemorySegment) GET_STATE.invokeExact(slot, generator);
                if (ret.address() != slot.address()) throw new TorchException("get_state returned elsewhere than its slot");
                return slot;
            } catch (TorchException e) {
                throw e;
            } catch (Throwable e) {
                throw new TorchException("reading a generator state failed: " + e);
            }
        }

        static void setState(MemorySegment generator, MemorySegment stateTensor) {
            MemorySegment impl = stateTensor.reinterpret(8).get(ValueLayout.ADDRESS, 0);
            try {
                SET_STATE.invokeExact(generator, impl);
            } catch (Throwable e) {
                throw new TorchException("setting a generator state failed: " + e);
            }
        }

        static void setSeed(MemorySegment generator, long seed) {
            try {
                SET_SEED.invokeExact(generator, seed);
            } catch (Throwable e) {
                throw new TorchException("seeding a generator failed: " + e);
            }
        }
    }

    /** A new heap at::Generator (an owning AtenGeneratorHandle) seeded with {@code seed}. */
    static MemorySegment newCpuGenerator(long seed) {
        MemorySegment slot;
        try {
            slot = (MemorySegment) OPERATOR_NEW.invokeExact(8L);
        } catch (Throwable e) {
            throw new TorchException("allocating a generator failed: " + e);
        }
        try {
            MemorySegment ret = (MemorySegment) CREATE_CPU_GENERATOR.invokeExact(slot, seed);
            return ret.address() == slot.address() ? slot : MemorySegment.NULL;
        } catch (Throwable e) {
            try {
                OPERATOR_DELETE.invokeExact(slot);
            } catch (Throwable ignored) {
                // nothing more can be done; the original failure is what matters
            }
            throw new TorchException("creating a generator failed: " + e);
        }
    }
}
