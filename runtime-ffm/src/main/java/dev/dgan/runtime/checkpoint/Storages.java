package dev.dgan.runtime.checkpoint;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Where the bytes of a checkpoint's storages are, by storage key. Safe to read from several threads. */
sealed interface Storages extends Closeable {

    /** Bytes stored for {@code key}, or -1 when the file has no such storage. */
    long byteSize(String key);

    /** Where the storage lives, for messages: "zip entry 'a/data/3'", "storage '3' at byte 5120". */
    String where(String key);

    /** What a storage key should name, for the message when it names nothing. */
    String expectation(String key);

    /** Byte order of the stored elements of {@code key}. */
    ByteOrder order(String key);

    /** Fills {@code dst} with the storage's bytes from {@code byteOffset} on. */
    void read(String key, long byteOffset, MemorySegment dst) throws IOException;

    /** torch.save's zip format: storage {@code key} is the entry {@code <archive>/data/<key>}. */
    final class Zip implements Storages {
        private final ZipFile zip;
        private final String archive;
        private final ByteOrder order;

        Zip(ZipFile zip, String archive, ByteOrder order) {
            this.zip = zip;
            this.archive = archive;
            this.order = order;
        }

        private String entryName(String key) {
            return archive + "/data/" + key;
        }

        @Override
        public long byteSize(String key) {
            ZipEntry e = zip.getEntry(entryName(key));
            return e == null || e.isDirectory() ? -1 : e.getSize();
        }

        @Override
        public String where(String key) {
            return "zip entry '" + entryName(key) + "'";
        }

        @Override
        public String expectation(String key) {
            return "a zip entry '" + entryName(key) + "'";
        }

        @Override
        public ByteOrder order(String key) {
            return order;
        }

        @Override
        public void read(String key, long byteOffset, MemorySegment dst) throws IOException {
            ZipEntry e = zip.getEntry(entryName(key));
            if (e == null) throw new IOException("no " + where(key));
            // STORED entries are read in place; DEFLATED ones are inflated on the way.
            try (InputStream in = zip.getInputStream(e)) {
                in.skipNBytes(byteOffset);
                byte[] buffer = new byte[(int) Math.min(1 << 20, Math.max(dst.byteSize(), 1))];
                long done = 0;
                while (done < dst.byteSize()) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, dst.byteSize() - done));
                    if (n < 0) {
                        throw new EOFException(where(key) + " ends after " + (byteOffset + done) + " bytes, expected at least "
                                + (byteOffset + dst.byteSize()));
                    }
                    MemorySegment.copy(buffer, 0, dst, ValueLayout.JAVA_BYTE, done, n);
                    done += n;
                }
            }
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /**
     * Bytes that can be read at any position: a file's channel ({@code FileChannel::read}) or
     * an array held in memory. Reads never move a shared position, so threads may share one.
     */
    @FunctionalInterface
    interface Source {
        /** Reads into {@code dst} from {@code position}; the count read, or -1 at the end. */
        int read(ByteBuffer dst, long position) throws IOException;

        static Source of(byte[] bytes) {
            return (dst, position) -> {
                if (position >= bytes.length) return -1;
                int n = (int) Math.min(dst.remaining(), bytes.length - position);
                dst.put(bytes, (int) position, n);
                return n;
            };
        }
    }

    /**
     * torch.save's legacy format: after the pickles, each storage in key-list order is an 8-byte
     * element count and the elements. {@code layout} holds, per key, {data position, byte size}
     * in {@code source}; {@code owner} is what closing releases (the file), or null.
     */
    final class Legacy implements Storages {
        private final Source source;
        private final Closeable owner;
        private final Map<String, long[]> layout;
        private final int keyCount;
        private final ByteOrder order;

        Legacy(Source source, Closeable owner, Map<String, long[]> layout, ByteOrder order) {
            this.source = source;
            this.owner = owner;
            this.layout = layout;
            this.keyCount = layout.size();
            this.order = order;
        }

        @Override
        public long byteSize(String key) {
            long[] l = layout.get(key);
            return l == null ? -1 : l[1];
        }

        @Override
        public String where(String key) {
            long[] l = layout.get(key);
            return "storage '" + key + "'" + (l == null ? "" : " at byte " + l[0]);
        }

        @Override
        public String expectation(String key) {
            return "one of the " + keyCount + " keys in the storage key list";
        }

        @Override
        public ByteOrder order(String key) {
            return order;
        }

        @Override
        public void read(String key, long byteOffset, MemorySegment dst) throws IOException {
            long[] l = layout.get(key);
            if (l == null) throw new IOException("no " + where(key));
            long position = l[0] + byteOffset;
            long done = 0;
            while (done < dst.byteSize()) {
                long chunk = Math.min(1L << 30, dst.byteSize() - done);
                ByteBuffer b = dst.asSlice(done, chunk).asByteBuffer();
                while (b.hasRemaining()) {
                    int n = source.read(b, position + done + b.position());
                    if (n < 0) throw new EOFException(where(key) + ": the data ends at byte " + (position + done + b.position()));
                }
                done += chunk;
            }
        }

        @Override
        public void close() throws IOException {
            if (owner != null) owner.close();
        }
    }

    /**
     * The storages of a plain pickle in which each storage is its own legacy torch.save byte
     * string ({@code torch.storage._load_from_bytes(b)}, as NVIDIA's network snapshots hold
     * them). Each gets a key of its own here, since the keys inside the byte strings are only
     * unique within one of them. A byte string that could not be read is kept as its failure,
     * to be reported with the path of the tensor that uses it.
     */
    final class Embedded implements Storages {
        private record Part(Legacy storages, String key) {}

        private final Map<String, Part> parts = new LinkedHashMap<>();
        private final Map<String, CheckpointFormatException> failures = new LinkedHashMap<>();

        /** A new key for the storage {@code innerKey} of {@code storages}. */
        String add(Legacy storages, String innerKey) {
            String key = nextKey();
            parts.put(key, new Part(storages, innerKey));
            return key;
        }

        /** A new key for a byte string that could not be read. */
        String addFailure(CheckpointFormatException failure) {
            String key = nextKey();
            failures.put(key, failure);
            return key;
        }

        /** Why the byte string behind {@code key} could not be read, or null. */
        CheckpointFormatException failure(String key) {
            return failures.get(key);
        }

        private String nextKey() {
            return Integer.toString(parts.size() + failures.size());
        }

        @Override
        public long byteSize(String key) {
            Part p = parts.get(key);
            return p == null ? -1 : p.storages().byteSize(p.key());
        }

        @Override
        public String where(String key) {
            Part p = parts.get(key);
            return "embedded storage #" + key + (p == null ? "" : " (" + p.storages().where(p.key()) + " of its byte string)");
        }

        @Override
        public String expectation(String key) {
            Part p = parts.get(key);
            return p == null ? "a torch.storage._load_from_bytes storage" : p.storages().expectation(p.key());
        }

        @Override
        public ByteOrder order(String key) {
            Part p = parts.get(key);
            return p == null ? ByteOrder.LITTLE_ENDIAN : p.storages().order(p.key());
        }

        @Override
        public void read(String key, long byteOffset, MemorySegment dst) throws IOException {
            Part p = parts.get(key);
            if (p == null) throw new IOException("no " + where(key));
            p.storages().read(p.key(), byteOffset, dst);
        }

        @Override
        public void close() {
            // only arrays in memory
        }
    }
}
