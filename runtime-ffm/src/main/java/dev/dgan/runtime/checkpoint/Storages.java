package dev.dgan.runtime.checkpoint;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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

    /** Byte order of the stored elements. */
    ByteOrder order();

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
        public ByteOrder order() {
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
     * torch.save's legacy format: after the pickles, each storage in key-list order is an 8-byte
     * element count and the elements. {@code layout} holds, per key, {data position, byte size}.
     */
    final class Legacy implements Storages {
        private final FileChannel channel;
        private final Map<String, long[]> layout;
        private final int keyCount;
        private final ByteOrder order;

        Legacy(FileChannel channel, Map<String, long[]> layout, ByteOrder order) {
            this.channel = channel;
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
        public ByteOrder order() {
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
                    int n = channel.read(b, position + done + b.position());
                    if (n < 0) throw new EOFException(where(key) + ": the file ends at byte " + (position + done + b.position()));
                }
                done += chunk;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
