package dev.dgan.runtime.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * A copy-on-write (MAP_PRIVATE, PROT_READ|PROT_WRITE) mapping of a file opened read-only.
 * Reads share the page cache; a write, say by an in-place libtorch op on a tensor that wraps
 * the mapping, lands in a private copy of the page instead of faulting (a JVM crash) or
 * changing the file. Java's FileChannel.map insists on a writable channel for this mode,
 * which read-only checkpoint files do not allow, so the mapping is made with libc directly.
 */
final class PrivateMapping {

    private static final int O_RDONLY = 0;
    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 2;

    private static final MethodHandle OPEN, CLOSE, MMAP, MUNMAP;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        OPEN = linker.downcallHandle(libc.findOrThrow("open"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        CLOSE = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MMAP = linker.downcallHandle(libc.findOrThrow("mmap"), FunctionDescriptor.of(ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MUNMAP = linker.downcallHandle(libc.findOrThrow("munmap"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    private PrivateMapping() {}

    /** Maps {@code size} bytes of {@code file}; the mapping is removed when {@code arena} closes. */
    static MemorySegment map(Path file, long size, Arena arena) throws IOException {
        try (Arena tmp = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(tmp.allocateFrom(file.toString()), O_RDONLY);
            if (fd < 0) throw new IOException(file + ": cannot open for mapping");
            try {
                MemorySegment addr = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size,
                        PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0L);
                if (addr.address() == -1L) throw new IOException(file + ": mmap of " + size + " bytes failed");
                return addr.reinterpret(size, arena, m -> unmap(m, size));
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd); // the mapping stays valid without the descriptor
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(file + ": mapping failed: " + t, t);
        }
    }

    private static void unmap(MemorySegment mapping, long size) {
        try {
            int ignored = (int) MUNMAP.invokeExact(mapping, size);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed: " + t, t);
        }
    }
}
