package dev.dgan.runtime.safetensors;

import dev.dgan.runtime.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parser checks against hand-built bytes, independent of {@link SafetensorsWriter}. */
class SafetensorsFormatTest {

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    /** u64 LE header length, header bytes, data: what every safetensors writer emits. */
    private Path raw(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return rawWithLength(h.length, h, data);
    }

    private Path rawWithLength(long headerLength, byte[] header, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(header).put(data);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, b.array());
        return file;
    }

    private static SafetensorsFormatException assertFormatError(Path file, String... fragments) {
        var e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file).close());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
        }
        return e;
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    @Test
    void readsBytesLaidOutLikePythonSafetensors() throws IOException {
        // Python's safetensors: metadata first, no spaces, padded with spaces to 8-byte alignment.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        int pad = (8 - (8 + json.length()) % 8) % 8;
        String header = json + " ".repeat(pad);
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-3f).putInt(-7);
        Path file = raw(header, data.array());

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(file, st.path());
            assertEquals(List.of("a", "b"), st.names());
            assertEquals(Map.of("format", "pt"), st.metadata());
            assertEquals(8 + header.length(), st.dataStart());

            TensorEntry a = st.get("a");
            assertEquals(DType.F32, a.dtype());
            assertArrayEquals(new long[] {2}, a.shape());
            assertEquals(1.5f, a.data().get(F32_LE, 0));
            assertEquals(-3f, a.data().get(F32_LE, 4));
            assertEquals(st.mapping().address() + 8 + header.length(), a.data().address());

            TensorEntry b = st.get("b");
            assertEquals(DType.I32, b.dtype());
            assertEquals(0, b.rank());
            assertEquals(-7, b.data().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
            assertEquals(st.mapping().address() + 8 + header.length() + 8, b.data().address());
        }
    }

    @Test
    void namesFollowJsonOrderNotOffsetOrder() throws IOException {
        Path file = raw("{" + entry("late", "\"U8\"", "[1]", "[1,2]") + ","
                + entry("early", "\"U8\"", "[1]", "[0,1]") + "}", new byte[] {10, 20});
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(List.of("late", "early"), st.names());
            assertEquals(20, st.get("late").data().get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void fileShorterThanEightBytes() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[5]);
        assertFormatError(file, "header length", "at least 8 bytes", "5 bytes");
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        Path file = rawWithLength(1000, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertFormatError(file, "header length", "1000", "past the end of the file");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        Path file = rawWithLength(-1L, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertFormatError(file, "header length", "at most 100000000", "18446744073709551615");
    }

    @Test
    void headerNotJson() throws IOException {
        assertFormatError(raw("{\"a\": ", new byte[0]), "header", "valid JSON");
    }

    @Test
    void headerWithTrailingGarbage() throws IOException {
        assertFormatError(raw("{} x", new byte[0]), "header", "valid JSON");
    }

    @Test
    void headerNotAnObject() throws IOException {
        assertFormatError(raw("[1, 2]", new byte[0]), "header", "JSON object", "ARRAY");
    }

    @Test
    void duplicateTensorName() throws IOException {
        String e = entry("w", "\"U8\"", "[1]", "[0,1]");
        assertFormatError(raw("{" + e + "," + e + "}", new byte[1]), "valid JSON", "Duplicate field 'w'");
    }

    @Test
    void entryNotAnObject() throws IOException {
        var e = assertFormatError(raw("{\"w\": 5}", new byte[0]), "tensor 'w'", "expected an object");
        assertEquals("w", e.tensor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtype", "shape", "data_offsets"})
    void missingField(String field) throws IOException {
        String full = entry("enc.w", "\"U8\"", "[2]", "[0,2]");
        String without = full.replaceFirst("\"" + field + "\":(\"U8\"|\\[[0-9,]*\\]),?", "").replace(",}", "}");
        var e = assertFormatError(raw("{" + without + "}", new byte[2]), "tensor 'enc.w'", "'" + field + "'", "missing");
        assertEquals("enc.w", e.tensor());
    }

    @Test
    void unknownDtypeListsKnownOnes() throws IOException {
        assertFormatError(raw("{" + entry("q", "\"F8_E4M3\"", "[1]", "[0,1]") + "}", new byte[1]),
                "tensor 'q'", "'dtype'", "F8_E4M3", "F32", "BF16", "BOOL");
    }

    @Test
    void dtypeNotAString() throws IOException {
        assertFormatError(raw("{" + entry("q", "4", "[1]", "[0,4]") + "}", new byte[4]), "tensor 'q'", "'dtype'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[-1]", "[2.5]", "[2.0]", "[\"2\"]", "2", "{}", "[null]", "[99999999999999999999]"})
    void badShape(String shape) throws IOException {
        assertFormatError(raw("{" + entry("s", "\"U8\"", shape, "[0,0]") + "}", new byte[0]),
                "tensor 's'", "'shape'", "non-negative integers", shape);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0]", "[0,1,2]", "[-1,0]", "[0,1.0]", "\"0,1\""})
    void badDataOffsets(String offsets) throws IOException {
        assertFormatError(raw("{" + entry("o", "\"U8\"", "[1]", offsets) + "}", new byte[2]),
                "tensor 'o'", "'data_offsets'", "2 non-negative integers", offsets);
    }

    @Test
    void dataOffsetsBeginAfterEnd() throws IOException {
        assertFormatError(raw("{" + entry("o", "\"U8\"", "[1]", "[2,1]") + "}", new byte[2]),
                "tensor 'o'", "'data_offsets'", "begin <= end", "[2, 1]");
    }

    @Test
    void dataOffsetsPastDataSection() throws IOException {
        assertFormatError(raw("{" + entry("far", "\"F32\"", "[2]", "[4,12]") + "}", new byte[8]),
                "tensor 'far'", "'data_offsets'", "end <= 8", "[4, 12]");
    }

    @Test
    void overlappingTensors() throws IOException {
        String header = "{" + entry("x", "\"F32\"", "[2]", "[0,8]") + "," + entry("y", "\"F32\"", "[2]", "[4,12]") + "}";
        assertFormatError(raw(header, new byte[12]), "tensor 'y'", "'data_offsets'", "overlaps", "tensor 'x'");
    }

    @Test
    void emptyTensorInsideAnotherIsNotAnOverlap() throws IOException {
        String header = "{" + entry("x", "\"F32\"", "[2]", "[0,8]") + "," + entry("e", "\"F32\"", "[0]", "[4,4]") + "}";
        try (SafetensorsFile st = SafetensorsFile.open(raw(header, new byte[8]))) {
            assertEquals(0, st.get("e").data().byteSize());
        }
    }

    @Test
    void sizeDoesNotMatchShapeAndDtype() throws IOException {
        assertFormatError(raw("{" + entry("m", "\"F32\"", "[3]", "[0,8]") + "}", new byte[8]),
                "tensor 'm'", "'data_offsets'", "end - begin = 12", "8 bytes");
    }

    @Test
    void shapeProductOverflows() throws IOException {
        long big = 1L << 32;
        String shape = "[" + big + "," + big + "," + big + "]";
        assertFormatError(raw("{" + entry("huge", "\"F32\"", shape, "[0,0]") + "}", new byte[0]),
                "tensor 'huge'", "'shape'", "fits in 64 bits");
    }

    @Test
    void metadataValueNotAString() throws IOException {
        assertFormatError(raw("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "__metadata__.epoch", "string", "3");
    }

    @Test
    void metadataNotAnObject() throws IOException {
        assertFormatError(raw("{\"__metadata__\":\"pt\"}", new byte[0]), "__metadata__", "object");
    }
}
