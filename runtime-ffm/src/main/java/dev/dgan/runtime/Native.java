package dev.dgan.runtime;

import dev.dgan.runtime.bindings.torch.TorchAbi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/** Error checking and per-thread scratch memory for calls into libtorch. */
final class Native {

    private Native() {}

    /** Out-parameter and dispatcher-stack memory, one block per thread, reused by every call. */
    static final class Scratch {
        static final int STACK_SLOTS = 64;
        final MemorySegment out;
        final MemorySegment stack;

        private Scratch(Arena arena) {
            this.out = arena.allocate(16, 16);
            this.stack = arena.allocate(8L * STACK_SLOTS, 8);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(() -> new Scratch(Arena.ofAuto()));
    private static final ConcurrentHashMap<String, MemorySegment> C_STRINGS = new ConcurrentHashMap<>();

    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** A NUL-terminated copy of an op name or similar constant, kept for the process' lifetime. */
    static MemorySegment cString(String s) {
        return C_STRINGS.computeIfAbsent(s, k -> Arena.global().allocateFrom(k));
    }

    /** Throws libtorch's message for a non-zero AOTITorchError. */
    static void check(int error, String what) {
        if (error != 0) throw new TorchException(what + ": " + lastError());
    }

    static String lastError() {
        AbiFeatures features = LibTorch.loadedFeatures();
        if (features != null && !features.errorText())
            return "(libtorch " + LibTorch.versionString(features.abiVersion()) + " has no " + AbiFeatures.ERROR_TEXT
                    + ", so its message is not available here; libtorch may have printed it on stderr)";
        MemorySegment msg = TorchAbi.torch_exception_get_what_without_backtrace();
        if (msg.equals(MemorySegment.NULL)) return "(libtorch gave no message)";
        return msg.reinterpret(Long.MAX_VALUE).getString(0).strip();
    }

    static MemorySegment withPointer(ToIntFunction<MemorySegment> call, String what) {
        MemorySegment out = scratch().out;
        out.set(ValueLayout.ADDRESS, 0, MemorySegment.NULL);
        check(call.applyAsInt(out), what);
        return out.get(ValueLayout.ADDRESS, 0);
    }

    static long withLong(ToIntFunction<MemorySegment> call, String what) {
        MemorySegment out = scratch().out;
        check(call.applyAsInt(out), what);
        return out.get(ValueLayout.JAVA_LONG, 0);
    }

    static boolean withBool(ToIntFunction<MemorySegment> call, String what) {
        MemorySegment out = scratch().out;
        check(call.applyAsInt(out), what);
        return out.get(ValueLayout.JAVA_BOOLEAN, 0);
    }

    static int withInt(ToIntFunction<MemorySegment> call, String what) {
        MemorySegment out = scratch().out;
        check(call.applyAsInt(out), what);
        return out.get(ValueLayout.JAVA_INT, 0);
    }
}
