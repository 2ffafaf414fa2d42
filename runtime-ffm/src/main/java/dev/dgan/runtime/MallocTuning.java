package dev.dgan.runtime;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * glibc malloc set up for libtorch's pattern: the same large blocks (feature maps, branch
 * activations) allocated and freed every batch, from several threads. Chosen by
 * {@value #ENV} (or {@code -Ddgan.malloc}), measured on BigGAN with its branch and on a
 * 10,000-sample generate (README, "Allocator"):
 * <ul>
 *   <li>{@code arenas} (default): two malloc arenas instead of eight per core, so a block freed
 *       by one thread is reused by the next batch on another; fewer page faults, and resident
 *       memory as flat over long runs as glibc's own;</li>
 *   <li>{@code reuse}: also no mmap per large block and no trimming, so blocks over 32 MB
 *       (which glibc maps on their own and unmaps on free, faulting them in again every batch)
 *       are reused; fastest for large models, but the heap fragments and resident memory
 *       creeps up over long runs;</li>
 *   <li>{@code glibc}: glibc's defaults.</li>
 * </ul>
 * Other C libraries (musl, macOS) have no {@code mallopt} and are left alone.
 */
public final class MallocTuning {

    public static final String ENV = "DGAN_MALLOC";
    public static final String PROPERTY = "dgan.malloc";

    // glibc's malloc.h parameter numbers
    private static final int M_TRIM_THRESHOLD = -1, M_MMAP_MAX = -4, M_ARENA_MAX = -8;

    /** What was done at start-up, for {@code dgan info}. */
    public record State(String mode, boolean tuned, String description) {}

    private static State state;

    private MallocTuning() {}

    /** Applies the setting once per process; later calls return the first result. */
    public static synchronized State apply() {
        if (state == null) state = tune(setting());
        return state;
    }

    private static String setting() {
        String p = System.getProperty(PROPERTY);
        String v = p != null ? p : System.getenv(ENV);
        v = v == null || v.isBlank() ? "arenas" : v.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("arenas") && !v.equals("reuse") && !v.equals("glibc"))
            throw new LibTorchLoadException(ENV + ": expected arenas (the default), reuse or glibc, got '" + v + "'");
        return v;
    }

    private static State tune(String mode) {
        if (mode.equals("glibc")) return new State(mode, false, "glibc defaults (" + ENV + "=glibc)");
        Optional<MemorySegment> mallopt = Linker.nativeLinker().defaultLookup().find("mallopt");
        if (mallopt.isEmpty()) return new State(mode, false, "not glibc: the C library's defaults");
        MethodHandle h = Linker.nativeLinker().downcallHandle(mallopt.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try {
            boolean ok = (int) h.invokeExact(M_ARENA_MAX, 2) == 1;
            if (mode.equals("reuse")) {
                ok &= (int) h.invokeExact(M_MMAP_MAX, 0) == 1;
                ok &= (int) h.invokeExact(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
            }
            String what = mode.equals("reuse") ? "two arenas, large blocks reused and never unmapped" : "two arenas";
            return ok ? new State(mode, true, what + " (" + ENV + "=" + mode + "; arenas, reuse or glibc)")
                    : new State(mode, false, "glibc refused the settings: its defaults");
        } catch (Throwable e) {
            return new State(mode, false, "mallopt failed (" + e + "): glibc defaults");
        }
    }
}
