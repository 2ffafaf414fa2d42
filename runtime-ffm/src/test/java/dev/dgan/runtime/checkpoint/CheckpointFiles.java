package dev.dgan.runtime.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds torch.save-format files for tests, byte by byte, and finds the fixtures. */
final class CheckpointFiles {

    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private CheckpointFiles() {}

    /** A copied fixture under src/test/resources/checkpoint/. */
    static Path fixture(String name) {
        try {
            var url = CheckpointFiles.class.getResource("/checkpoint/" + name);
            if (url == null) throw new IllegalStateException("missing test resource checkpoint/" + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One tensor of a synthetic state dict; {@code view} = {view_key, offset, size} for legacy views. */
    record Spec(String name, String storageType, String key, long storageNumel, long offset, long[] size, long[] stride,
                Object[] view) {
        Spec(String name, String storageType, String key, long storageNumel, long offset, long[] size, long[] stride) {
            this(name, storageType, key, storageNumel, offset, size, stride, null);
        }
    }

    /** An OrderedDict name -> tensor, as torch.save(state_dict) pickles it (protocol 2). */
    static byte[] stateDictPickle(List<Spec> specs, boolean legacy) {
        PickleWriter w = new PickleWriter().proto(2);
        stateDict(w, specs, legacy);
        return w.stop().bytes();
    }

    static PickleWriter stateDict(PickleWriter w, List<Spec> specs, boolean legacy) {
        w.orderedDict().mark();
        for (Spec s : specs) {
            w.str(s.name()).tensor(s.storageType(), s.key(), s.storageNumel(), s.offset(), s.size(), s.stride(), legacy, s.view());
        }
        return w.setitems();
    }

    /** A torch.save zip: data.pkl, optional byteorder, data/<key> per storage, version. */
    static Path zip(Path file, String archive, byte[] pickle, Map<String, byte[]> storages, String byteorder,
                    boolean deflate) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(archive + "/data.pkl", pickle);
        if (byteorder != null) entries.put(archive + "/byteorder", byteorder.getBytes(StandardCharsets.US_ASCII));
        storages.forEach((k, v) -> entries.put(archive + "/data/" + k, v));
        entries.put(archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zipEntries(file, entries, deflate);
    }

    static Path zip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        return zip(file, "archive", pickle, storages, "little", false);
    }

    static Path zipEntries(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zos = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (!deflate) {
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCompressedSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setCrc(crc.getValue());
                } else {
                    z.setMethod(ZipEntry.DEFLATED);
                }
                zos.putNextEntry(z);
                zos.write(e.getValue());
                zos.closeEntry();
            }
        }
        return file;
    }

    /**
     * A legacy (non-zip) torch.save file: magic, protocol, sys_info, {@code mainPickle}, the key
     * list, then per key an 8-byte element count and the bytes.
     */
    static Path legacy(Path file, byte[] mainPickle, Map<String, byte[]> storages, Map<String, Integer> itemSizes,
                       boolean littleEndian) throws IOException {
        Files.write(file, legacyBytes(mainPickle, storages, itemSizes, littleEndian));
        return file;
    }

    /** The bytes {@link #legacy} writes. */
    static byte[] legacyBytes(byte[] mainPickle, Map<String, byte[]> storages, Map<String, Integer> itemSizes,
                              boolean littleEndian) {
        ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new PickleWriter().proto(2).longInt(LEGACY_MAGIC).stop().bytes());
        out.writeBytes(new PickleWriter().proto(2).integer(1001).stop().bytes());
        out.writeBytes(new PickleWriter().proto(2).emptyDict().mark()
                .str("protocol_version").integer(1001)
                .str("little_endian").bool(littleEndian)
                .str("type_sizes").emptyDict().mark().str("short").integer(2).str("int").integer(4).str("long").integer(4)
                .setitems()
                .setitems().stop().bytes());
        out.writeBytes(mainPickle);
        PickleWriter keys = new PickleWriter().proto(2).emptyList().mark();
        storages.keySet().forEach(keys::str);
        out.writeBytes(keys.appends().stop().bytes());
        for (Map.Entry<String, byte[]> e : storages.entrySet()) {
            int itemSize = itemSizes.getOrDefault(e.getKey(), 4);
            out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(e.getValue().length / itemSize).array());
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }

    static byte[] f32(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    static byte[] f32(float... v) {
        return f32(ByteOrder.LITTLE_ENDIAN, v);
    }

    static byte[] i64(ByteOrder order, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    static byte[] i16(ByteOrder order, short... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(order);
        for (short x : v) b.putShort(x);
        return b.array();
    }

    /** 0, 1, 2, ... n-1 as floats. */
    static float[] iota(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }
}
