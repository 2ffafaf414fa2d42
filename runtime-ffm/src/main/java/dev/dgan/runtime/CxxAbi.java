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
 * generator, setting the intra-op thread count and the CUDA TF32 flags. All are Itanium-ABI symbols of libc10/libtorch_cpu. {@link #selfCheck()}
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

    /**
     * libtorch's process-wide TF32 switches for CUDA (at::globalContext()'s cuBLAS and cuDNN
     * flags, what torch.backends.cuda.matmul.allow_tf32 and torch.backends.cudnn.allow_tf32
     * set). Resolved on first use, so a run that never asks for TF32 never needs them; a
     * missing symbol is named with the libtorch version.
     */
    static final class Tf32 {
        static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
        static final String SET_CUBLAS = "_ZN2at7Context18setAllowTF32CuBLASEb";
        static final String SET_CUDNN = "_ZN2at7Context17setAllowTF32CuDNNEb";
        static final String GET_CUBLAS = "_ZNK2at7Context15allowTF32CuBLASEv";

        /** at::Context& at::globalContext() */
        private static final MethodHandle CONTEXT;
        /** void at::Context::setAllowTF32CuBLAS(bool) */
        private static final MethodHandle SET_CUBLAS_HANDLE;
        /** void at::Context::setAllowTF32CuDNN(bool) */
        private static final MethodHandle SET_CUDNN_HANDLE;
        /** bool at::Context::allowTF32CuBLAS() const */
        private static final MethodHandle GET_CUBLAS_HANDLE;

        static {
            SymbolLookup torch = SymbolLookup.loaderLookup();
            CONTEXT = LINKER.downcallHandle(tf32Symbol(torch, GLOBAL_CONTEXT), FunctionDescriptor.of(ValueLayout.ADDRESS));
            SET_CUBLAS_HANDLE = LINKER.downcallHandle(tf32Symbol(torch, SET_CUBLAS), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
            SET_CUDNN_HANDLE = LINKER.downcallHandle(tf32Symbol(torch, SET_CUDNN), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
            GET_CUBLAS_HANDLE = LINKER.downcallHandle(tf32Symbol(torch, GET_CUBLAS), FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
        }

        private Tf32() {}

        private static MemorySegment tf32Symbol(SymbolLookup lookup, String symbol) {
            LibTorch lib = LibTorch.get();
            return lookup.find(symbol).orElseThrow(() -> new LibTorchLoadException("--precision tf32: libtorch " + lib.version() + " at "
                    + lib.libraryPath() + " does not export " + symbol + "; use --precision fp32 or another libtorch"));
        }

        private static MemorySegment context() throws Throwable {
            return (MemorySegment) CONTEXT.invokeExact();
        }

        /** Sets both flags (matmuls through cuBLAS, convolutions through cuDNN). */
        static void allow(boolean allow) {
            try {
                MemorySegment ctx = context();
                SET_CUBLAS_HANDLE.invokeExact(ctx, allow);
                SET_CUDNN_HANDLE.invokeExact(ctx, allow);
            } catch (Throwable e) {
                throw new TorchException("setting libtorch's TF32 flags failed: " + e);
            }
        }

        /** The cuBLAS flag as libtorch reads it back. */
        static boolean cublasAllowed() {
            try {
                return (boolean) GET_CUBLAS_HANDLE.invokeExact(context());
            } catch (Throwable e) {
                throw new TorchException("reading libtorch's TF32 flag failed: " + e);
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
