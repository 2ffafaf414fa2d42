package dev.dgan.host.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The log of a generation run, one JSON object per line, which is also where a resumed run
 * picks up: a sample whose record (field {@value #INDEX}) is in the log is done. Each record
 * is on disk before {@link #append} returns, so a record in the log means the sample's files,
 * written before it, are complete. A run killed mid-write leaves at most one partial last
 * line, which {@link #open} cuts off. The file is locked while open, so two runs cannot
 * share it.
 */
public final class RunLog implements AutoCloseable {

    public static final String INDEX = "index";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<ObjectNode> records = new ArrayList<>();
    private final Map<Integer, Integer> lineOfIndex = new HashMap<>();
    private final long discardedBytes;
    private long size;
    private boolean replaced;

    private RunLog(Path file, FileChannel channel, FileLock lock, long discardedBytes) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.discardedBytes = discardedBytes;
    }

    /** Opens (creating if absent) the log, reads its records and cuts off a partial last line. */
    public static RunLog open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw FileErrors.failed("open the run log", file, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                Path dir = file.toAbsolutePath().getParent();
                throw new IOException("another run is writing into " + dir + " (it holds the run log " + file.getFileName()
                        + "); use another --out, or wait for that run to finish");
            }
            byte[] bytes = readAll(channel);
            List<String> lines = new ArrayList<>();
            // where each line starts in the file: its decoded text may have another length (bytes that are not UTF-8)
            List<Integer> starts = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    starts.add(start);
                    start = i + 1;
                }
            }
            long kept = start;
            // the last complete line is dropped too if it does not parse: a crash can leave a line's length but not its bytes
            if (!lines.isEmpty() && parse(lines.getLast()) == null) {
                kept = starts.getLast();
                lines.removeLast();
            }
            RunLog log = new RunLog(file, channel, lock, bytes.length - kept);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                JsonNode node = parse(line);
                if (!(node instanceof ObjectNode record)) {
                    throw new IOException(file + ": line " + (i + 1) + " is not a JSON object; the run log is damaged: " + abbreviate(line));
                }
                log.remember(record, i + 1);
            }
            if (kept < bytes.length) {
                try {
                    channel.truncate(kept);
                    channel.force(true);
                } catch (IOException e) {
                    throw FileErrors.failed("cut the partial last line off", file, e);
                }
            }
            log.size = kept;
            return log;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        long length = channel.size();
        if (length > Integer.MAX_VALUE - 16) throw new IOException("run log is too large to read: " + length + " bytes");
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until full or end of file
        }
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    private void remember(ObjectNode record, int line) throws IOException {
        Integer index = indexOf(record);
        if (index != null) {
            Integer earlier = lineOfIndex.putIfAbsent(index, line);
            if (earlier != null) {
                throw new IOException(file + ": sample " + index + " is logged on lines " + earlier + " and " + line
                        + "; the run log is damaged");
            }
        }
        records.add(record);
    }

    private Integer indexOf(ObjectNode record) {
        JsonNode index = record.get(INDEX);
        if (index == null) return null;
        if (!index.isIntegralNumber() || !index.canConvertToInt() || index.intValue() < 0) {
            throw new IllegalArgumentException(file + ": field " + INDEX + " must be a non-negative integer, got " + index);
        }
        return index.intValue();
    }

    public Path file() {
        return file;
    }

    /** Every record, in log order (do not modify them). */
    public synchronized List<ObjectNode> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    /** The sample indices that have a record. */
    public synchronized Set<Integer> completed() {
        return Set.copyOf(lineOfIndex.keySet());
    }

    public synchronized boolean isCompleted(int index) {
        return lineOfIndex.containsKey(index);
    }

    /** Bytes of a partial last line that {@link #open} cut off (0 when the log was whole). */
    public long discardedBytes() {
        return discardedBytes;
    }

    public void append(Map<String, ?> record) throws IOException {
        ObjectNode node = JSON.valueToTree(record);
        append(node);
    }

    /**
     * Writes {@code record} as one line and forces it to disk.
     *
     * @throws IllegalArgumentException if its sample index is already logged
     */
    public synchronized void append(ObjectNode record) throws IOException {
        if (replaced) throw new IllegalStateException(file + ": the log was replaced as a whole; it takes no more appends");
        Integer index = indexOf(record);
        if (index != null && lineOfIndex.containsKey(index)) {
            throw new IllegalArgumentException(file + ": sample " + index + " is already logged (line " + lineOfIndex.get(index)
                    + "); a resumed run must skip completed samples");
        }
        ObjectNode copy = record.deepCopy();
        byte[] json = JSON.writeValueAsBytes(copy);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            long at = size;
            while (line.hasRemaining()) at += channel.write(line, at);
            channel.force(true);
        } catch (IOException e) {
            // never leave a partial line for the next append to run into
            try {
                channel.truncate(size);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw FileErrors.failed("write", file, e);
        }
        size += line.limit();
        records.add(copy);
        if (index != null) lineOfIndex.put(index, records.size());
    }

    /**
     * Replaces every record at once (temporary file, then rename), for the final state of a finished
     * run: the same samples, their fields updated (where the filter moved their files, whether they
     * were kept). A kill leaves the old log or the new one, never a mix. The log takes no appends
     * afterwards: its channel still holds the replaced file.
     */
    public synchronized void replaceAll(List<ObjectNode> updated) throws IOException {
        if (updated.size() != records.size())
            throw new IllegalArgumentException(file + ": replacing " + records.size() + " records with " + updated.size());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (ObjectNode r : updated) {
            bytes.write(JSON.writeValueAsBytes(r));
            bytes.write('\n');
        }
        AtomicFiles.write(file, bytes.toByteArray());
        records.clear();
        for (ObjectNode r : updated) records.add(r.deepCopy());
        replaced = true;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }
}
