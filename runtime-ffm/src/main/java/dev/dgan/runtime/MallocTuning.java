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
 * activations, tens to hundreds of MB) allocated and freed every batch. By default glibc serves
 * every block over 32 MB with its own mmap and unmaps it on free, so each batch faults all of
 * that memory in again, page by page; BigGAN-512 with its branch spent most of its time there.
 * Tuned, large blocks come from the heap and freed memory stays for the next batch, so the
 * process keeps its peak instead of returning it between batches.
 *
 * <p>{@value #ENV}={@code glibc} (or {@code -Ddgan.malloc=glibc}) leaves glibc's defaults;
 * other C libraries (musl, macOS) have no {@code mallopt} and are left alone.
 */
public final class MallocTuning {

    public static final String ENV = "DGAN_MALLOC";
    public static final String PROPERTY = "dgan.malloc";

    // glibc's malloc.h parameter numbers
    private static final int M_TRIM_THRESHOLD = -1, M_MMAP_MAX = -4, M_ARENA_MAX = -8;

    /** What was done at start-up, for {@code dgan info}. */
    public record State(boolean tuned, String description) {}

    private static State state;

    private MallocTuning() {}

    /** Applies the tuning once per process (unless switched off); later calls return the first result. */
    public static synchronized State apply() {
        if (state == null) state = tune(setting());
        return state;
    }

    private static String setting() {
        String p = System.getProperty(PROPERTY);
        String v = p != null ? p : System.getenv(ENV);
        v = v == null || v.isBlank() ? "tuned" : v.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("tuned") && !v.equals("glibc"))
            throw new LibTorchLoadException(ENV + ": expected tuned (the default) or glibc (glibc's own settings), got '" + v + "'");
        return v;
    }

    private static State tune(String setting) {
        if (setting.equals("glibc")) return new State(false, "glibc defaults (" + ENV + "=glibc)");
        Optional<MemorySegment> mallopt = Linker.nativeLinker().defaultLookup().find("mallopt");
        if (mallopt.isEmpty()) return new State(false, "not glibc: the C library's defaults");
        MethodHandle h = Linker.nativeLinker().downcallHandle(mallopt.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try {
            // no mmap per block: large blocks come from the heap and are reused after free
            boolean ok = (int) h.invokeExact(M_MMAP_MAX, 0) == 1;
            // never give the top of the heap back between batches (the next batch wants it again)
            ok &= (int) h.invokeExact(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
            // few arenas: a thread that frees another thread's block returns it where it can be reused
            ok &= (int) h.invokeExact(M_ARENA_MAX, 2) == 1;
            return ok ? new State(true, "tuned: large blocks reused, not unmapped (" + ENV + "=glibc to turn off)")
                    : new State(false, "glibc refused the settings: its defaults");
        } catch (Throwable e) {
            return new State(false, "mallopt failed (" + e + "): glibc defaults");
        }
    }
}
