package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .npy files written byte by byte here, as np.save lays them out, read back and rejected. */
@ExtendWith(NoTensorLeaks.class)
class NpyFileTest {

    @TempDir
    Path dir;

    /** np.save's layout: magic, version, header length, dict padded with spaces to a 64-byte boundary, '\n', data. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lenBytes = major == 1 ? 2 : 4;
        int prefix = 6 + 2 + lenBytes;
        StringBuilder header = new StringBuilder(dict);
        while ((prefix + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        byte[] h = header.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) len.putShort((short) h.length);
        else len.putInt(h.length);
        out.writeBytes(len.array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    static byte[] le(int bytesPerItem, long count, java.util.function.BiConsumer<ByteBuffer, Integer> put) {
        ByteBuffer b = ByteBuffer.allocate((int) (bytesPerItem * count)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) put.accept(b, i);
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void writeLaysOutBytesAsNpSaveDoesAndReadsBack() throws IOException {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) values[i] = i * 0.5f - 3;
        Path p = dir.resolve("w.npy");
        try (Tensor t = Tensor.of(values, 2, 3, 4)) {
            NpyFile.write(p, t);
        }
        assertArrayEquals(npy(1, dict("<f4", false, "(2, 3, 4)"), le(4, values.length, (b, i) -> b.putFloat(values[i]))),
                Files.readAllBytes(p));
        try (Tensor back = NpyFile.read(p)) {
            assertArrayEquals(values, back.toFloatArray());
        }
        // a 1-d shape keeps Python's one-element tuple comma
        try (Tensor t = Tensor.of(new float[] {1, 2, 3}, 3)) {
            NpyFile.write(p, t);
        }
        assertArrayEquals(npy(1, dict("<f4", false, "(3,)"), le(4, 3, (b, i) -> b.putFloat(i + 1))), Files.readAllBytes(p));
    }

    @Test
    void float32Version1LikeDatasetGanAverageLatent() throws IOException {
        byte[] data = le(4, 2 * 3 * 4, (b, i) -> b.putFloat(i * 0.5f - 3));
        Path p = write("avg.npy", npy(1, dict("<f4", false, "(2, 3, 4)"), data));
        assertEquals(0, Files.size(p) - data.length & 63, "header is padded to 64 bytes");
        NpyFile.Header h = NpyFile.header(p);
        assertEquals(1, h.version());
        assertEquals(DType.F32, h.dtype());
        assertArrayEquals(new long[] {2, 3, 4}, h.shape());
        try (Tensor t = NpyFile.read(p)) {
            assertEquals(DType.F32, t.dtype());
            assertArrayEquals(new long[] {2, 3, 4}, t.shape());
            float[] v = t.toFloatArray();
            for (int i = 0; i < v.length; i++) assertEquals(i * 0.5f - 3, v[i]);
        }
    }

    @Test
    void everySupportedDtype() throws IOException {
        try (Tensor t = NpyFile.read(write("f8.npy", npy(1, dict("<f8", false, "(3,)"), le(8, 3, (b, i) -> b.putDouble(i + 0.25)))))) {
            assertEquals(DType.F64, t.dtype());
            assertArrayEquals(new double[] {0.25, 1.25, 2.25}, t.toDoubleArray());
        }
        try (Tensor t = NpyFile.read(write("i8.npy", npy(1, dict("<i8", false, "(2, 2)"), le(8, 4, (b, i) -> b.putLong(-(1L << 40) + i)))))) {
            assertEquals(DType.I64, t.dtype());
            assertArrayEquals(new long[] {-(1L << 40), -(1L << 40) + 1, -(1L << 40) + 2, -(1L << 40) + 3}, t.toLongArray());
        }
        try (Tensor t = NpyFile.read(write("i4.npy", npy(1, dict("<i4", false, "(4,)"), le(4, 4, (b, i) -> b.putInt(i * -7)))))) {
            assertEquals(DType.I32, t.dtype());
            assertArrayEquals(new int[] {0, -7, -14, -21}, t.toIntArray());
        }
        try (Tensor t = NpyFile.read(write("u1.npy", npy(1, dict("|u1", false, "(2, 2)"), new byte[] {0, 1, (byte) 200, (byte) 255})))) {
            assertEquals(DType.U8, t.dtype());
            assertArrayEquals(new byte[] {0, 1, (byte) 200, (byte) 255}, t.toByteArray());
        }
    }

    @Test
    void versions2And3ScalarsAndEmptyArrays() throws IOException {
        try (Tensor t = NpyFile.read(write("v2.npy", npy(2, dict("<f4", false, "(1, 2)"), le(4, 2, (b, i) -> b.putFloat(i + 1)))))) {
            assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
        }
        // version 3 allows utf-8 in the header; keys may come in any order and use double quotes
        String v3 = "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<i4\", }";
        Path p3 = write("v3.npy", npy(3, v3, le(4, 2, (b, i) -> b.putInt(i + 5))));
        assertEquals(3, NpyFile.header(p3).version());
        try (Tensor t = NpyFile.read(p3)) {
            assertArrayEquals(new int[] {5, 6}, t.toIntArray());
        }
        try (Tensor t = NpyFile.read(write("scalar.npy", npy(1, dict("<f8", false, "()"), le(8, 1, (b, i) -> b.putDouble(4.5)))))) {
            assertEquals(0, t.dim());
            assertEquals(4.5, t.item());
        }
        try (Tensor t = NpyFile.read(write("empty.npy", npy(1, dict("<f4", false, "(0, 3)"), new byte[0])))) {
            assertArrayEquals(new long[] {0, 3}, t.shape());
        }
    }

    private void assertRejected(String name, byte[] bytes, String field, String... phrases) throws IOException {
        Path p = write(name, bytes);
        long live = Tensor.liveCount();
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> NpyFile.read(p));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String phrase : phrases) assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' in " + e.getMessage());
        assertEquals(live, Tensor.liveCount(), "nothing left open by a rejected file");
    }

    @Test
    void fortranOrderObjectAndStructuredDtypesAreRejectedByField() throws IOException {
        byte[] four = le(4, 4, (b, i) -> b.putFloat(i));
        assertRejected("fortran.npy", npy(1, dict("<f4", true, "(2, 2)"), four), "fortran_order", "Fortran");
        assertRejected("object.npy", npy(1, dict("|O", false, "(2,)"), new byte[16]), "descr", "object", "'|O'");
        assertRejected("structured.npy", npy(1, "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }",
                new byte[16]), "descr", "structured");
        assertRejected("bigendian.npy", npy(1, dict(">f4", false, "(4,)"), four), "descr", "big-endian");
        assertRejected("f2.npy", npy(1, dict("<f2", false, "(4,)"), new byte[8]), "descr", "'<f2'");
    }

    @Test
    void malformedFilesAreRejected() throws IOException {
        byte[] good = npy(1, dict("<f4", false, "(2, 2)"), le(4, 4, (b, i) -> b.putFloat(i)));
        assertRejected("truncated.npy", Arrays.copyOf(good, good.length - 3), "data", "truncated", "16 bytes");
        byte[] longer = Arrays.copyOf(good, good.length + 4);
        assertRejected("trailing.npy", longer, "data", "trailing");
        byte[] badMagic = good.clone();
        badMagic[1] = 'X';
        assertRejected("magic.npy", badMagic, "magic", "NUMPY");
        byte[] v9 = good.clone();
        v9[6] = 9;
        assertRejected("v9.npy", v9, "version", "9.0");
        assertRejected("short.npy", new byte[] {(byte) 0x93, 'N', 'U'}, "magic", "3 bytes");
        assertRejected("cut-header.npy", Arrays.copyOf(good, 30), "header", "ends inside");
        assertRejected("no-shape.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, }", new byte[0]), "shape", "missing");
        assertRejected("garbage.npy", npy(1, "{'descr': '<f4', 'fortran_order': maybe, 'shape': (1,), }", new byte[4]),
                "header", "maybe");
        assertRejected("negative.npy", npy(1, dict("<f4", false, "(-1, 2)"), new byte[0]), "shape", "negative");
        // tuples inside the shape are refused at their first item, not parsed until the stack overflows
        assertRejected("nested.npy", npy(1, dict("<f4", false, "(".repeat(30_000)), new byte[0]), "header",
                "expected an integer in the tuple at offset 51, got '('");
    }
}
