package dev.dgan.runtime.safetensors;

import java.io.IOException;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A safetensors file, memory-mapped read-only. Tensor data is never copied: each
 * {@link TensorEntry#data()} is a slice of the mapping, so weights can be handed straight to
 * native code. Closing the file unmaps it; any later access to a slice throws
 * {@link IllegalStateException} instead of touching unmapped memory.
 *
 * <p>Layout: u64 little-endian header length N, N bytes of UTF-8 JSON, then the data section.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Same cap as the reference implementation; a larger value means a corrupt or hostile file. */
    static final long MAX_HEADER_LENGTH = 100_000_000L;

    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final long dataStart;
    private final SafetensorsHeader header;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SafetensorsFile(Path path, Arena arena, MemorySegment mapping, long dataStart, SafetensorsHeader header) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.dataStart = dataStart;
        this.header = header;
    }

    public static SafetensorsFile open(Path file) throws IOException {
        // Shared so that tensors can be read from any thread (e.g. parallel weight upload).
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Long.BYTES) {
                throw SafetensorsFormatException.header(file, "header length",
                        "expected at least 8 bytes for the u64 header length, got a file of " + size + " bytes");
            }
            // Private (copy-on-write): reads share the page cache, and a tensor written in place by
            // libtorch changes a private copy instead of faulting on a read-only page or the file.
            MemorySegment mapping = PrivateMapping.map(file, size, arena);
            long headerLength = readHeaderLength(file, mapping, size);
            byte[] json = mapping.asSlice(Long.BYTES, headerLength).toArray(ValueLayout.JAVA_BYTE);
            long dataStart = Long.BYTES + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(file, json, size - dataStart);
            return new SafetensorsFile(file, arena, mapping, dataStart, header);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static long readHeaderLength(Path file, MemorySegment mapping, long size) throws SafetensorsFormatException {
        long n = mapping.get(U64_LE, 0);
        // A u64 above Long.MAX_VALUE reads as negative.
        if (n < 0 || n > MAX_HEADER_LENGTH) {
            throw SafetensorsFormatException.header(file, "header length",
                    "expected at most " + MAX_HEADER_LENGTH + " bytes, got " + Long.toUnsignedString(n));
        }
        if (n > size - Long.BYTES) {
            throw SafetensorsFormatException.header(file, "header length",
                    "expected at most " + (size - Long.BYTES) + " bytes (the rest of the file), got " + n
                            + ": the header runs past the end of the file");
        }
        return n;
    }

    public Path path() {
        return path;
    }

    /** Tensor names in the order the header lists them. */
    public List<String> names() {
        return List.copyOf(header.tensors().keySet());
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    public Map<String, String> metadata() {
        return header.metadata();
    }

    public int size() {
        return header.tensors().size();
    }

    /**
     * The named tensor as a libtorch tensor over the mapping, without copying (copied only when
     * its offset is not aligned to the element size). It must not be used after this file is
     * closed: it then throws IllegalStateException.
     */
    public Tensor tensor(String name) {
        TensorEntry e = get(name);
        if (e.data().address() % e.dtype().byteSize() == 0) {
            // The writable view of the same pages: libtorch may write, into the private mapping.
            MemorySegment writable = mapping.asSlice(e.data().address() - mapping.address(), e.data().byteSize());
            return Tensor.wrap(writable, e.dtype(), e.shape());
        }
        Tensor t = Tensor.empty(e.dtype(), Device.CPU, e.shape());
        MemorySegment.copy(e.data(), 0, t.data(), 0, e.data().byteSize());
        return t;
    }

    /**
     * Every tensor, by name in file order, as {@link #tensor(String)} gives it: over the mapping,
     * owned by the caller, usable only while this file is open. If one fails, those made so far
     * are closed.
     */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        try {
            for (String name : names()) all.put(name, tensor(name));
            return all;
        } catch (RuntimeException e) {
            all.values().forEach(Tensor::close);
            throw e;
        }
    }

    public TensorEntry get(String name) {
        if (closed.get()) {
            throw new IllegalStateException(path + " is closed");
        }
        SafetensorsHeader.Spec spec = header.tensors().get(name);
        if (spec == null) {
            List<String> some = header.tensors().keySet().stream().limit(10).toList();
            String more = size() > some.size() ? ", ... (" + size() + " in all)" : "";
            throw new NoSuchElementException(path + ": no tensor named '" + name + "'; available: "
                    + String.join(", ", some) + more);
        }
        MemorySegment data = mapping.asSlice(dataStart + spec.begin(), spec.end() - spec.begin());
        return new TensorEntry(name, spec.dtype(), spec.shape(), data.asReadOnly());
    }

    /** The whole mapping, for tests that prove slices are views into it. */
    MemorySegment mapping() {
        return mapping;
    }

    /** Offset of the data section within the mapping: 8 + header length. */
    long dataStart() {
        return dataStart;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }
}
