package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.save's legacy (non-zip) layout: five pickles back to back (magic number
 * 0x1950a86a20f9469cfc6c, protocol version 1001, sys_info, the object, the list of storage
 * keys), then per listed key an 8-byte element count and the elements. Read from a file (the
 * 2019 BigGAN {@code pytorch_model.bin}) or from bytes in memory (each storage of an NVIDIA
 * network snapshot is such a byte string), through the same code.
 */
final class LegacyFormat {

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL_VERSION = 1001;

    private LegacyFormat() {}

    /**
     * What the pickles hold, and where each storage's elements are in the source: key ->
     * {data position, byte size}, checked against the source's size.
     */
    record Contents(Object root, Map<StoredTensor, StorageRef> origins, Map<Object, Object> extraState,
                    Map<String, long[]> layout, ByteOrder order) {

        Storages.Legacy storages(Storages.Source source, java.io.Closeable owner) {
            return new Storages.Legacy(source, owner, layout, order);
        }
    }

    /**
     * Reads the pickles from {@code in} (positioned at the start of the data, which is
     * {@code size} bytes long), then the storage headers from {@code data} (the same bytes,
     * read by position). Errors name {@code file}.
     */
    static Contents read(Path file, CountingInput in, long size, Storages.Source data) throws IOException {
        // The four small pickles around the main one get throw-away tables: nothing of theirs is in the tree.
        Map<StoredTensor, StorageRef> none = new IdentityHashMap<>();
        Map<Object, Object> noState = new IdentityHashMap<>();
        Object magic;
        try {
            magic = unpickle(file, "magic number pickle", in, TorchUnpickler::noPersistentIds, none, noState);
        } catch (CheckpointFormatException e) {
            throw new CheckpointFormatException(file, null, "magic number", "expected a first pickle holding"
                    + " 0x1950a86a20f9469cfc6c (legacy torch.save format; a plain pickle is not a torch.save"
                    + " checkpoint), reading it failed: " + e.problem(), e);
        }
        if (!(magic instanceof BigInteger b && b.equals(MAGIC))) {
            throw new CheckpointFormatException(file, null, "magic number", "expected 0x1950a86a20f9469cfc6c (legacy"
                    + " torch.save format; a plain pickle is not a torch.save checkpoint), got "
                    + TorchUnpickler.describeShort(magic));
        }
        Object protocol = unpickle(file, "protocol version pickle", in, TorchUnpickler::noPersistentIds, none, noState);
        if (!(protocol instanceof Number n) || n.longValue() != PROTOCOL_VERSION) {
            throw new CheckpointFormatException(file, null, "protocol version", "expected " + PROTOCOL_VERSION
                    + ", got " + TorchUnpickler.describeShort(protocol));
        }
        Object sysInfo = unpickle(file, "sys_info pickle", in, TorchUnpickler::noPersistentIds, none, noState);
        ByteOrder order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Map<StoredTensor, StorageRef> origins = new IdentityHashMap<>();
        Map<Object, Object> extraState = new IdentityHashMap<>();
        Map<String, StorageRef> roots = new LinkedHashMap<>();
        Object root = unpickle(file, "main pickle", in, pid -> persistentId(pid, roots), origins, extraState);
        Object keyList = unpickle(file, "storage key list pickle", in, TorchUnpickler::noPersistentIds, none, noState);
        if (!(keyList instanceof List<?> list)) {
            throw new CheckpointFormatException(file, null, "storage key list", "expected a list of storage keys, got "
                    + TorchUnpickler.describeShort(keyList));
        }
        List<String> keys = new ArrayList<>();
        for (Object k : list) {
            if (!(k instanceof String s)) {
                throw new CheckpointFormatException(file, null, "storage key list", "expected string keys, got "
                        + TorchUnpickler.describeShort(k));
            }
            keys.add(s);
        }
        Map<String, long[]> layout = layout(file, data, size, in.position(), keys, roots, order);
        return new Contents(root, origins, extraState, layout, order);
    }

    private static Object unpickle(Path file, String what, CountingInput in, TorchUnpickler.PersistentLoader pids,
                                   Map<StoredTensor, StorageRef> origins, Map<Object, Object> extraState)
            throws CheckpointFormatException {
        return TorchUnpickler.unpickle(file, what, in, pids, origins, extraState, Map.of());
    }

    /** ('storage', storage_type, root_key, location, numel, view_metadata) or ('module', class, file, source). */
    private static Object persistentId(Object[] pid, Map<String, StorageRef> roots) {
        if (pid.length == 0) throw new TorchUnpickler.Malformed("persistent id", "expected a non-empty tuple");
        String typename = TorchUnpickler.text(pid[0], "persistent id [0]");
        if (typename.equals("module")) {
            return pid.length > 1 ? pid[1] : null; // a module class saved with its source: only its name is kept
        }
        if (!typename.equals("storage")) {
            throw new TorchUnpickler.Malformed("persistent id", "expected typename 'storage' or 'module', got '" + typename + "'");
        }
        if (pid.length != 6) {
            throw new TorchUnpickler.Malformed("persistent id", "expected ('storage', storage_type, root_key, location,"
                    + " numel, view_metadata), got a tuple of " + pid.length);
        }
        String key = TorchUnpickler.text(pid[2], "persistent id root_key");
        String location = TorchUnpickler.text(pid[3], "persistent id location");
        long numel = TorchUnpickler.toLong(pid[4], "persistent id numel");
        if (numel < 0) throw new TorchUnpickler.Malformed("persistent id numel", "expected >= 0, got " + numel);
        DType dtype = TorchTypes.storageDType(pid[1]);
        StorageRef rootRef = new StorageRef(key, TorchUnpickler.typeName(pid[1]), dtype, location, 0, numel);
        StorageRef known = roots.putIfAbsent(key, rootRef);
        if (known != null && known.dtype() != dtype) {
            throw new TorchUnpickler.Malformed("persistent id", "storage '" + key + "' is referred to as "
                    + known.storageType() + " and as " + rootRef.storageType());
        }
        if (pid[5] == null) return rootRef;
        if (!(pid[5] instanceof Object[] view) || view.length != 3) {
            throw new TorchUnpickler.Malformed("persistent id view_metadata", "expected None or (view_key, offset, size), got "
                    + TorchUnpickler.describeShort(pid[5]));
        }
        long offset = TorchUnpickler.toLong(view[1], "persistent id view offset");
        long size = TorchUnpickler.toLong(view[2], "persistent id view size");
        if (offset < 0 || size < 0) {
            throw new TorchUnpickler.Malformed("persistent id view_metadata", "expected offset and size >= 0, got "
                    + offset + " and " + size);
        }
        return new StorageRef(key, rootRef.storageType(), dtype, location, offset, size);
    }

    /** Positions of the storages: key -> {data position, byte size}, checked against the size of the data. */
    private static Map<String, long[]> layout(Path file, Storages.Source data, long size, long position,
                                              List<String> keys, Map<String, StorageRef> roots, ByteOrder order)
            throws IOException {
        Map<String, long[]> layout = new LinkedHashMap<>();
        ByteBuffer count = ByteBuffer.allocate(8).order(order);
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String field = "storage '" + key + "' (" + (i + 1) + " of " + keys.size() + ")";
            StorageRef ref = roots.get(key);
            if (ref == null) {
                throw new CheckpointFormatException(file, null, field, "the storage key list names it but no tensor in"
                        + " the main pickle refers to it, so its element size is unknown");
            }
            if (ref.dtype() == null) {
                throw new CheckpointFormatException(file, null, field, "unsupported storage type " + ref.storageType()
                        + ": expected one of " + TorchTypes.supportedStorageTypes());
            }
            if (layout.containsKey(key)) {
                throw new CheckpointFormatException(file, null, field, "the storage key list names it twice");
            }
            if (size - position < 8) {
                throw new CheckpointFormatException(file, null, field, "truncated: expected an 8-byte element count at"
                        + " byte " + position + ", the data ends at byte " + size);
            }
            count.clear();
            while (count.hasRemaining()) {
                if (data.read(count, position + count.position()) < 0) {
                    throw new CheckpointFormatException(file, null, field, "truncated: the data ends inside the element count");
                }
            }
            long n = count.getLong(0);
            long bytes;
            try {
                if (n < 0) throw new ArithmeticException();
                bytes = Math.multiplyExact(n, (long) ref.dtype().byteSize());
            } catch (ArithmeticException e) {
                throw new CheckpointFormatException(file, null, field, "expected an element count >= 0 that fits the"
                        + " data, got " + Long.toUnsignedString(n));
            }
            long left = size - position - 8;
            if (bytes > left) {
                throw new CheckpointFormatException(file, null, field, "truncated: expected " + n + " elements of "
                        + ref.dtype() + " (" + bytes + " bytes) from byte " + (position + 8) + ", the data has only "
                        + left + " bytes left");
            }
            layout.put(key, new long[] {position + 8, bytes});
            position += 8 + bytes;
        }
        return layout;
    }
}
