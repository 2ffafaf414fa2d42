package dev.dgan.runtime.safetensors;

import dev.dgan.runtime.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** Distinct bytes per tensor so a mix-up between tensors shows. */
    private static MemorySegment bytes(int count, int seed) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) b[i] = (byte) (seed * 31 + i);
        return MemorySegment.ofArray(b);
    }

    private static final List<TensorData> SAMPLE = List.of(
            new TensorData("conv.weight", DType.F32, new long[] {2, 3}, bytes(24, 1)),
            new TensorData("step", DType.I64, new long[] {}, bytes(8, 2)),
            new TensorData("empty", DType.F16, new long[] {0, 5}, bytes(0, 3)),
            new TensorData("mask", DType.BOOL, new long[] {3}, bytes(3, 4)),
            new TensorData("bf", DType.BF16, new long[] {1, 1, 2}, bytes(4, 5)),
            new TensorData("ids", DType.U8, new long[] {7}, bytes(7, 6)),
            new TensorData("d", DType.F64, new long[] {2}, bytes(16, 7)));

    @Test
    void aFailedWriteNamesTheTargetNotTheTemporaryFile() throws IOException {
        Path target = dir.resolve("missing/latents.safetensors");
        IOException e = assertThrows(IOException.class, () -> SafetensorsWriter.write(target, SAMPLE, Map.of()));
        assertEquals("cannot write " + target + ": no such file or directory", e.getMessage());
        // a file in the way of the rename: the target is named, and nothing is left behind
        Path blocked = Files.createDirectories(dir.resolve("blocked.safetensors"));
        Files.writeString(blocked.resolve("in-the-way"), "x");
        e = assertThrows(IOException.class, () -> SafetensorsWriter.write(blocked, SAMPLE, Map.of()));
        assertEquals("cannot write " + blocked + ": is a directory", e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("blocked.safetensors"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void roundTripsDtypesShapesScalarAndEmpty() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of());

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(SAMPLE.stream().map(TensorData::name).toList(), st.names());
            assertEquals(Map.of(), st.metadata());
            for (TensorData expected : SAMPLE) {
                TensorEntry e = st.get(expected.name());
                assertEquals(expected.dtype(), e.dtype(), expected.name());
                assertArrayEquals(expected.shape(), e.shape(), expected.name());
                assertEquals(-1L, expected.bytes().mismatch(e.data()), expected.name());
                assertTrue(e.data().isReadOnly(), "mapping must be read-only");
            }
            assertEquals(1, st.get("step").numel());
            assertEquals(0, st.get("step").rank());
            assertEquals(0, st.get("empty").numel());
            assertEquals(0, st.get("empty").data().byteSize());
        }
    }

    @Test
    void dataSectionIsEightByteAligned() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of("k", "v"));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(0, st.dataStart() % 8);
        }
    }

    @Test
    void entriesAreViewsIntoTheMappingNotCopies() throws IOException {
        Path file = dir.resolve("z.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            long base = st.mapping().address() + st.dataStart();
            long expectedOffset = 0;
            for (TensorData t : SAMPLE) {
                TensorEntry e = st.get(t.name());
                // The writer lays tensors out contiguously in list order.
                assertEquals(base + expectedOffset, e.data().address(), t.name());
                expectedOffset += t.bytes().byteSize();
            }
            // Same tensor twice -> same memory.
            assertEquals(st.get("d").data().address(), st.get("d").data().address());
        }
    }

    @Test
    void metadataRoundTrips() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Map<String, String> meta = Map.of("format", "pt", "arch", "stylegan2", "note", "ünïcödé \"quoted\"");
        SafetensorsWriter.write(file, SAMPLE.subList(0, 1), meta);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(meta, st.metadata());
            assertEquals(List.of("conv.weight"), st.names());
        }
    }

    @Test
    void noTensorsIsAValidFile() throws IOException {
        Path file = dir.resolve("none.safetensors");
        SafetensorsWriter.write(file, List.of(), null);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(List.of(), st.names());
        }
    }

    @Test
    void readingAfterCloseThrowsInsteadOfCrashing() throws IOException {
        Path file = dir.resolve("c.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of());
        SafetensorsFile st = SafetensorsFile.open(file);
        MemorySegment data = st.get("conv.weight").data();
        st.close();
        assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> st.get("conv.weight"));
        st.close(); // idempotent
    }

    @Test
    void missingNameErrorNamesFileAndAlternatives() throws IOException {
        Path file = dir.resolve("n.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertFalse(st.contains("nope"));
            assertTrue(st.contains("mask"));
            var e = assertThrows(NoSuchElementException.class, () -> st.get("nope"));
            assertTrue(e.getMessage().contains("n.safetensors"), e.getMessage());
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
            assertTrue(e.getMessage().contains("conv.weight"), e.getMessage());
        }
    }

    @Test
    void writesFromNativeAndNonByteHeapSegments() throws IOException {
        Path file = dir.resolve("src.safetensors");
        float[] floats = {1.5f, -2f, 3.25f};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeSeg = arena.allocate(8);
            nativeSeg.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 42L);
            SafetensorsWriter.write(file, List.of(
                    new TensorData("f", DType.F32, new long[] {3}, MemorySegment.ofArray(floats)),
                    new TensorData("n", DType.I64, new long[] {1}, nativeSeg)), Map.of());
        }
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertArrayEquals(floats, st.get("f").data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
            assertEquals(42L, st.get("n").data().get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        }
    }

    @Test
    void overwritesAnExistingFile() throws IOException {
        Path file = dir.resolve("o.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of());
        SafetensorsWriter.write(file, SAMPLE.subList(1, 2), Map.of());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(List.of("step"), st.names());
        }
        assertEquals(List.of(file), listDir());
    }

    @Test
    void wrongByteCountNamesTheTensor() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TensorData("layer.bias", DType.F32, new long[] {4}, bytes(15, 0)));
        assertTrue(e.getMessage().contains("layer.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("16"), e.getMessage());
    }

    @Test
    void duplicateNamesAreRejectedAndLeaveNothingBehind() throws IOException {
        Path file = dir.resolve("dup.safetensors");
        var t = new TensorData("w", DType.U8, new long[] {1}, bytes(1, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file, List.of(t, t), Map.of()));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        assertEquals(List.of(), listDir());
    }

    @Test
    void failureMidWriteDeletesTheTempFileAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("keep.safetensors");
        SafetensorsWriter.write(file, SAMPLE, Map.of());
        byte[] before = Files.readAllBytes(file);

        Arena arena = Arena.ofConfined();
        MemorySegment dead = arena.allocate(4);
        arena.close(); // reading it while writing fails after the temp file exists
        var bad = new TensorData("dead", DType.F32, new long[] {1}, dead);
        assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(file, List.of(SAMPLE.get(0), bad), Map.of()));

        assertEquals(List.of(file), listDir());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
