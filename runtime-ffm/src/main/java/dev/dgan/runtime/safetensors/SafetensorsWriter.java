package dev.dgan.runtime.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes safetensors files. The file appears atomically: readers see either the old file or the
 * complete new one, never a half-written one, because the bytes go to a temporary sibling that is
 * then renamed over the target.
 */
public final class SafetensorsWriter {

    /** Chunk size for writing; bounds the heap copy needed for segments a ByteBuffer cannot view. */
    private static final long CHUNK = 8L << 20;

    private SafetensorsWriter() {
    }

    public static void write(Path file, List<TensorData> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = headerBytes(tensors, metadata == null ? Map.of() : metadata);
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                length.putLong(0, header.length);
                writeFully(out, length);
                writeFully(out, ByteBuffer.wrap(header));
                for (TensorData t : tensors) {
                    writeSegment(out, t.bytes());
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            // name the file the user asked for (not the temporary one) and why: "no space left on device"
            if (e instanceof IOException io) throw FileErrors.failed("write", target, io);
            throw e;
        }
    }

    /**
     * JSON header, space-padded so the data section starts 8-byte aligned: mapped tensors can then
     * be read with aligned layouts, and the reference implementation pads the same way.
     */
    static byte[] headerBytes(List<TensorData> tensors, Map<String, String> metadata) {
        ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
                    Objects.requireNonNull(v, () -> "metadata value for '" + k + "'")));
        }
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (TensorData t : tensors) {
            if (t.name().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("'" + SafetensorsHeader.METADATA_KEY
                        + "' is reserved for metadata and cannot name a tensor");
            }
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            long end = offset + t.bytes().byteSize();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = SafetensorsHeader.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree of plain strings and numbers", e);
        }
        int padded = (int) (alignUp(Long.BYTES + (long) json.length, 8) - Long.BYTES);
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static long alignUp(long n, long alignment) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private static void writeSegment(FileChannel out, MemorySegment bytes) throws IOException {
        for (long pos = 0; pos < bytes.byteSize(); pos += CHUNK) {
            MemorySegment chunk = bytes.asSlice(pos, Math.min(CHUNK, bytes.byteSize() - pos));
            // Native and byte[]-backed segments can be written without a copy; others (e.g. float[]) cannot.
            boolean viewable = chunk.isNative() || chunk.heapBase().map(b -> b instanceof byte[]).orElse(false);
            writeFully(out, viewable ? chunk.asByteBuffer() : ByteBuffer.wrap(chunk.toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
