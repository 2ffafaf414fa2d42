package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch checkpoint ({@code torch.save} output: .pt, .pth, .bin, Lightning .ckpt) read
 * without running any code from it: the object tree it pickles, and its tensors, which are
 * read into libtorch on demand.
 *
 * <h2>Formats</h2>
 * <ul>
 * <li>The zip format (torch >= 1.6): {@code <archive>/data.pkl} (the pickle),
 *     {@code <archive>/data/<key>} (one entry per storage, raw elements), optional
 *     {@code <archive>/byteorder} ("little" or "big"; little when absent), {@code <archive>/version}.
 *     Entries may be STORED (torch writes them so) or DEFLATED.
 * <li>The legacy format ({@code _use_new_zipfile_serialization=False}, e.g. the 2019 BigGAN
 *     {@code pytorch_model.bin}): five pickles back to back (magic number
 *     0x1950a86a20f9469cfc6c, protocol version 1001, sys_info, the object, the list of storage
 *     keys), then per listed key an 8-byte element count and the elements.
 * </ul>
 * The tar-based format of early torch versions and TorchScript archives are rejected with a message.
 *
 * <h2>Nothing in the file is executed</h2>
 * Pickles are parsed with razorvine's {@link net.razorvine.pickle.Unpickler}, subclassed so that
 * every opcode that names or calls Python code is handled here (see {@code TorchUnpickler}).
 * A global is only a name ({@link PythonGlobal}). Calling one (REDUCE, NEWOBJ, NEWOBJ_EX, INST,
 * OBJ) runs Java code only for this allow-list:
 * {@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_tensor}, {@code _rebuild_parameter},
 * {@code _rebuild_parameter_with_state} (they make a {@link StoredTensor} from a storage),
 * {@code torch._tensor._rebuild_from_type_v2} around one of those, {@code collections.OrderedDict}
 * (a LinkedHashMap), {@code torch.Size} (its tuple), {@code builtins.set/frozenset}, and
 * razorvine's pure-data constructors for {@code bytearray}, {@code bytes},
 * {@code _codecs.encode}, {@code complex}, {@code decimal.Decimal}, {@code datetime.*} and
 * {@code array.array}. Storage type globals ({@code torch.FloatStorage} ... and
 * {@code torch.storage.UntypedStorage}) are recognised by name in persistent ids, and
 * {@code torch.float32} and the other dtype globals become {@link DType}s.
 * <b>Every other call</b> - {@code os.system}, {@code builtins.eval}/{@code exec},
 * {@code subprocess.Popen}, {@code argparse.Namespace}, numpy scalars, Lightning classes,
 * {@code functools.partial} - <b>produces an inert {@link PythonObject}</b> recording the module,
 * name, arguments and any later state; nothing is looked up, constructed or invoked, and BUILD
 * never calls {@code __setstate__}. razorvine's static constructor registry is neither used for
 * these names nor modified.
 *
 * <h2>The object tree</h2>
 * {@link #root()} is what the main pickle holds, in these Java forms: String, Integer / Long /
 * BigInteger, Double, Boolean, null (None), byte[], Object[] (tuples), List, Map (dicts and
 * OrderedDicts, insertion-ordered), Set, {@link StoredTensor}, {@link StorageRef} (a bare
 * storage), {@link DType} (a torch dtype), {@link PythonGlobal}, {@link PythonObject}.
 * {@link #tensors()} lists every tensor by its path in the tree: dict keys joined with dots,
 * list and tuple indices as numbers, e.g. {@code state_dict.mapping.fc0.weight}; inside a
 * placeholder, its dict state's keys and dict items directly, list items by index, call
 * arguments as {@code __args__.<i>} and {@code __kwargs__.<name>}, and any other state as
 * {@code __state__}. A container reached twice is listed under its first path.
 *
 * <h2>Validation</h2>
 * {@link #read} checks every tensor before anything reaches native code: a supported storage
 * type, a storage key that exists in the file, sizes and strides that are non-negative and of
 * equal count, and {@code storage_offset + 1 + sum((size_i - 1) * stride_i) <= storage numel}
 * (when no size is 0); the storage's declared element count must fit the bytes stored. A
 * failure is a {@link CheckpointFormatException} naming the file, the tensor's path, the field
 * and the expected value. A truncated or corrupt file, a missing {@code data.pkl}, a malformed
 * pickle and a legacy file that ends inside a storage are such exceptions too.
 *
 * <h2>Tensors</h2>
 * {@link #load} copies a tensor's elements into a new CPU tensor (byte-swapped when the file's
 * byte order is not the machine's). A contiguous tensor gets exactly its elements; a strided
 * one gets the span it covers, viewed with {@link Ops#asStrided} and made contiguous. Every
 * Tensor returned belongs to the caller (or to the {@link dev.dgan.runtime.TensorScope} open on
 * the calling thread); on failure nothing created here stays open. A TorchCheckpoint keeps the
 * file open for {@link #load} until {@link #close}; loading may happen from several threads.
 */
public final class TorchCheckpoint implements AutoCloseable {

    /** Which torch.save format the file uses. */
    public enum Format { ZIP, LEGACY }

    /** Keys {@link #stateDict} looks under when none are given: Lightning, common trainers, StyleGAN exports. */
    public static final List<String> DEFAULT_STATE_DICT_KEYS = List.of("state_dict", "model", "g_ema", "G_ema");

    static final int MAX_DEPTH = 10_000;
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL_VERSION = 1001;
    private static final long MAX_PICKLE_BYTES = Integer.MAX_VALUE - 64;

    private final Path file;
    private final Format format;
    private final Object root;
    private final Storages storages;
    private final Map<StoredTensor, StorageRef> origins;
    private final Map<Object, Object> extraState;
    private final Map<String, StoredTensor> tensors;
    private final Map<StoredTensor, String> firstPath = new IdentityHashMap<>();

    private TorchCheckpoint(Path file, Format format, Object root, Storages storages,
                            Map<StoredTensor, StorageRef> origins, Map<Object, Object> extraState)
            throws CheckpointFormatException {
        this.file = file;
        this.format = format;
        this.root = root;
        this.storages = storages;
        this.origins = origins;
        this.extraState = extraState;
        this.tensors = Collections.unmodifiableMap(indexTensors());
    }

    // ----- reading ------------------------------------------------------------------------

    /**
     * Parses {@code file} (zip or legacy format, told apart by the first bytes) and validates
     * every tensor in it. Reads no tensor data. Close the result to release the file.
     */
    public static TorchCheckpoint read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return readZip(file);
        if (head.length >= 1 && (head[0] & 0xFF) == 0x80) return readLegacy(file);
        if (looksLikeTar(file)) {
            throw new CheckpointFormatException(file, null, "format",
                    "this is the tar-based torch.save format of early torch versions, which is not supported; expected the zip"
                            + " format (torch >= 1.6) or the legacy pickle format");
        }
        throw new CheckpointFormatException(file, null, "format", "expected a torch.save checkpoint: a zip archive"
                + " (starting with PK\\3\\4) or a legacy pickle stream (starting with 0x80), got first bytes "
                + hex(head));
    }

    /**
     * The state dict of a checkpoint, loaded: name -> tensor, in the file's order. The caller
     * owns every tensor (close them, or read inside a TensorScope); the file is closed again.
     * Which dict is taken is described at {@link #stateDict(String...)}.
     */
    public static Map<String, Tensor> stateDict(Path file, String... preferredKeys) throws IOException {
        Map<String, Tensor> loaded;
        try (TorchCheckpoint ck = read(file)) {
            loaded = ck.loadAll(ck.stateDict(preferredKeys));
            try {
                ck.close();
            } catch (IOException | RuntimeException e) {
                closeAll(loaded.values(), e); // the caller never gets them
                throw e;
            }
        }
        return loaded;
    }

    private static TorchCheckpoint readZip(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointFormatException(file, null, "zip archive", "expected a readable zip archive (torch.save"
                    + " zip format); it is truncated or corrupt: " + e.getMessage(), e);
        }
        try {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            if (!entries.hasMoreElements()) {
                throw new CheckpointFormatException(file, null, "zip archive", "expected entries <archive>/data.pkl and"
                        + " <archive>/data/<key>, the archive is empty");
            }
            String first = entries.nextElement().getName();
            int slash = first.indexOf('/');
            if (slash <= 0) {
                throw new CheckpointFormatException(file, null, "zip archive", "expected every entry inside one"
                        + " top-level folder (<archive>/data.pkl), first entry is '" + first + "'");
            }
            String archive = first.substring(0, slash);
            if (zip.getEntry(archive + "/constants.pkl") != null) {
                throw new CheckpointFormatException(file, null, "zip archive", "this is a TorchScript archive"
                        + " (torch.jit.save, it has " + archive + "/constants.pkl); expected a torch.save checkpoint");
            }
            ZipEntry pkl = zip.getEntry(archive + "/data.pkl");
            if (pkl == null) {
                throw new CheckpointFormatException(file, null, "data.pkl", "expected an entry '" + archive
                        + "/data.pkl' (torch.save zip format); the archive has " + entryList(zip));
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry byteorder = zip.getEntry(archive + "/byteorder");
            if (byteorder != null) {
                String text;
                try (InputStream in = zip.getInputStream(byteorder)) {
                    text = new String(in.readNBytes(16), java.nio.charset.StandardCharsets.US_ASCII).strip();
                }
                order = switch (text) {
                    case "little" -> ByteOrder.LITTLE_ENDIAN;
                    case "big" -> ByteOrder.BIG_ENDIAN;
                    default -> throw new CheckpointFormatException(file, null, archive + "/byteorder",
                            "expected 'little' or 'big', got '" + text + "'");
                };
            }
            long size = pkl.getSize();
            if (size < 0 || size > MAX_PICKLE_BYTES) {
                throw new CheckpointFormatException(file, null, archive + "/data.pkl", "expected at most "
                        + MAX_PICKLE_BYTES + " bytes, the entry declares " + size);
            }
            byte[] pickle;
            try (InputStream in = zip.getInputStream(pkl)) {
                pickle = in.readNBytes((int) size);
            } catch (ZipException e) {
                throw new CheckpointFormatException(file, null, archive + "/data.pkl", "corrupt entry: " + e.getMessage(), e);
            }
            if (pickle.length != size) {
                throw new CheckpointFormatException(file, null, archive + "/data.pkl", "expected " + size
                        + " bytes, the entry holds " + pickle.length);
            }
            Map<StoredTensor, StorageRef> origins = new IdentityHashMap<>();
            Map<Object, Object> extraState = new IdentityHashMap<>();
            CountingInput in = new CountingInput(new java.io.ByteArrayInputStream(pickle), pickle.length);
            Object root = unpickle(file, archive + "/data.pkl", in, TorchCheckpoint::zipPersistentId, origins, extraState);
            return new TorchCheckpoint(file, Format.ZIP, root, new Storages.Zip(zip, archive, order), origins, extraState);
        } catch (IOException | RuntimeException | Error e) {
            try {
                zip.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** ('storage', storage_type, key, location, numel) */
    private static Object zipPersistentId(Object[] pid) {
        if (pid.length != 5) {
            throw new TorchUnpickler.Malformed("persistent id", "expected ('storage', storage_type, key, location, numel),"
                    + " got a tuple of " + pid.length);
        }
        String typename = text(pid[0], "persistent id [0]");
        if (!typename.equals("storage")) {
            throw new TorchUnpickler.Malformed("persistent id", "expected typename 'storage', got '" + typename + "'");
        }
        long numel = TorchUnpickler.toLong(pid[4], "persistent id numel");
        if (numel < 0) throw new TorchUnpickler.Malformed("persistent id numel", "expected >= 0, got " + numel);
        return new StorageRef(text(pid[2], "persistent id key"), typeName(pid[1]), TorchTypes.storageDType(pid[1]),
                text(pid[3], "persistent id location"), 0, numel);
    }

    private static TorchCheckpoint readLegacy(Path file) throws IOException {
        long fileSize = Files.size(file);
        Map<StoredTensor, StorageRef> origins = new IdentityHashMap<>();
        Map<Object, Object> extraState = new IdentityHashMap<>();
        Map<String, StorageRef> roots = new LinkedHashMap<>();
        Object root;
        List<String> keys = new ArrayList<>();
        ByteOrder order;
        long dataStart;
        try (InputStream raw = Files.newInputStream(file)) {
            CountingInput in = new CountingInput(new BufferedInputStream(raw, 1 << 16), fileSize);
            // The four small pickles around the main one get throw-away tables: nothing of theirs is in the tree.
            Map<StoredTensor, StorageRef> none = new IdentityHashMap<>();
            Map<Object, Object> noState = new IdentityHashMap<>();
            Object magic;
            try {
                magic = unpickle(file, "magic number pickle", in, TorchCheckpoint::noPersistentIds, none, noState);
            } catch (CheckpointFormatException e) {
                throw new CheckpointFormatException(file, null, "magic number", "expected a first pickle holding"
                        + " 0x1950a86a20f9469cfc6c (legacy torch.save format; a plain pickle is not a torch.save"
                        + " checkpoint), reading it failed: " + e.getMessage(), e);
            }
            if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
                throw new CheckpointFormatException(file, null, "magic number", "expected 0x1950a86a20f9469cfc6c (legacy"
                        + " torch.save format; a plain pickle is not a torch.save checkpoint), got "
                        + TorchUnpickler.describeShort(magic));
            }
            Object protocol = unpickle(file, "protocol version pickle", in, TorchCheckpoint::noPersistentIds, none, noState);
            if (!(protocol instanceof Number n) || n.longValue() != LEGACY_PROTOCOL_VERSION) {
                throw new CheckpointFormatException(file, null, "protocol version", "expected " + LEGACY_PROTOCOL_VERSION
                        + ", got " + TorchUnpickler.describeShort(protocol));
            }
            Object sysInfo = unpickle(file, "sys_info pickle", in, TorchCheckpoint::noPersistentIds, none, noState);
            order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            root = unpickle(file, "main pickle", in, pid -> legacyPersistentId(pid, roots), origins, extraState);
            Object keyList = unpickle(file, "storage key list pickle", in, TorchCheckpoint::noPersistentIds, none, noState);
            if (!(keyList instanceof List<?> list)) {
                throw new CheckpointFormatException(file, null, "storage key list", "expected a list of storage keys, got "
                        + TorchUnpickler.describeShort(keyList));
            }
            for (Object k : list) {
                if (!(k instanceof String s)) {
                    throw new CheckpointFormatException(file, null, "storage key list", "expected string keys, got "
                            + TorchUnpickler.describeShort(k));
                }
                keys.add(s);
            }
            dataStart = in.position();
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Map<String, long[]> layout = legacyLayout(file, channel, fileSize, dataStart, keys, roots, order);
            return new TorchCheckpoint(file, Format.LEGACY, root, new Storages.Legacy(channel, layout, order), origins,
                    extraState);
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Object noPersistentIds(Object[] pid) {
        throw new TorchUnpickler.Malformed("persistent id", "not expected in this pickle");
    }

    /** ('storage', storage_type, root_key, location, numel, view_metadata) or ('module', class, file, source). */
    private static Object legacyPersistentId(Object[] pid, Map<String, StorageRef> roots) {
        if (pid.length == 0) throw new TorchUnpickler.Malformed("persistent id", "expected a non-empty tuple");
        String typename = text(pid[0], "persistent id [0]");
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
        String key = text(pid[2], "persistent id root_key");
        String location = text(pid[3], "persistent id location");
        long numel = TorchUnpickler.toLong(pid[4], "persistent id numel");
        if (numel < 0) throw new TorchUnpickler.Malformed("persistent id numel", "expected >= 0, got " + numel);
        DType dtype = TorchTypes.storageDType(pid[1]);
        StorageRef rootRef = new StorageRef(key, typeName(pid[1]), dtype, location, 0, numel);
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

    /** Positions of the legacy storages: key -> {data position, byte size}, checked against the file's size. */
    private static Map<String, long[]> legacyLayout(Path file, FileChannel channel, long fileSize, long position,
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
            if (fileSize - position < 8) {
                throw new CheckpointFormatException(file, null, field, "truncated: expected an 8-byte element count at"
                        + " byte " + position + ", the file ends at byte " + fileSize);
            }
            count.clear();
            while (count.hasRemaining()) {
                if (channel.read(count, position + count.position()) < 0) {
                    throw new CheckpointFormatException(file, null, field, "truncated: the file ends inside the element count");
                }
            }
            long n = count.getLong(0);
            long bytes;
            try {
                if (n < 0) throw new ArithmeticException();
                bytes = Math.multiplyExact(n, (long) ref.dtype().byteSize());
            } catch (ArithmeticException e) {
                throw new CheckpointFormatException(file, null, field, "expected an element count >= 0 that fits the"
                        + " file, got " + Long.toUnsignedString(n));
            }
            long left = fileSize - position - 8;
            if (bytes > left) {
                throw new CheckpointFormatException(file, null, field, "truncated: expected " + n + " elements of "
                        + ref.dtype() + " (" + bytes + " bytes) from byte " + (position + 8) + ", the file has only "
                        + left + " bytes left");
            }
            layout.put(key, new long[] {position + 8, bytes});
            position += 8 + bytes;
        }
        return layout;
    }

    private static Object unpickle(Path file, String what, CountingInput in, TorchUnpickler.PersistentLoader pids,
                                   Map<StoredTensor, StorageRef> origins, Map<Object, Object> extraState)
            throws CheckpointFormatException {
        TorchUnpickler unpickler = new TorchUnpickler(in, pids, origins, extraState);
        try {
            return unpickler.read();
        } catch (TorchUnpickler.Malformed e) {
            throw new CheckpointFormatException(file, null, what, e.field + ": " + e.getMessage() + " (at byte "
                    + in.position() + ")", e);
        } catch (IOException e) {
            if (in.remaining() <= 0) {
                throw new CheckpointFormatException(file, null, what, "truncated: expected a complete pickle ending in"
                        + " STOP, the input ends at byte " + in.position(), e);
            }
            throw new CheckpointFormatException(file, null, what, "malformed pickle at byte " + in.position() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            // razorvine's own errors (bad opcode, bad memo key, stack underflow) and hostile nesting
            throw new CheckpointFormatException(file, null, what, "malformed pickle at byte " + in.position() + ": " + e, e);
        }
    }

    // ----- the object tree ----------------------------------------------------------------

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** The unpickled object (see the class comment for the Java forms). */
    public Object root() {
        return root;
    }

    /** Every tensor in the tree, by path, in tree order. Validated; nothing read yet. */
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    /**
     * The state a BUILD opcode gave a dict, list, set or tensor of the tree (a state dict's is
     * {@code {'_metadata': ...}}), or null. Placeholders keep theirs: {@link PythonObject#state()}.
     */
    public Object extraState(Object container) {
        return extraState.get(container);
    }

    private Map<String, StoredTensor> indexTensors() throws CheckpointFormatException {
        record Node(Object value, String path, int depth) {}
        Map<String, StoredTensor> found = new LinkedHashMap<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(new Node(root, "", 0));
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            Object v = node.value();
            if (v instanceof StoredTensor t) {
                validate(t, origins.get(t), node.path());
                found.putIfAbsent(node.path(), t);
                firstPath.putIfAbsent(t, node.path());
                continue;
            }
            boolean container = v instanceof Map || v instanceof List || v instanceof Set || v instanceof Object[]
                    || v instanceof PythonObject;
            if (!container || !seen.add(v)) continue;
            if (node.depth() >= MAX_DEPTH) {
                throw new CheckpointFormatException(file, node.path(), "nesting", "expected at most " + MAX_DEPTH
                        + " levels of nested containers");
            }
            List<Map.Entry<String, Object>> children = new ArrayList<>();
            switch (v) {
                case Map<?, ?> m -> m.forEach((k, c) -> children.add(Map.entry(keyText(k), wrap(c))));
                case List<?> l -> {
                    for (int i = 0; i < l.size(); i++) children.add(Map.entry(Integer.toString(i), wrap(l.get(i))));
                }
                case Object[] a -> {
                    for (int i = 0; i < a.length; i++) children.add(Map.entry(Integer.toString(i), wrap(a[i])));
                }
                case Set<?> s -> {
                    int i = 0;
                    for (Object o : s) children.add(Map.entry(Integer.toString(i++), wrap(o)));
                }
                case PythonObject p -> {
                    for (int i = 0; i < p.args().size(); i++) children.add(Map.entry("__args__." + i, wrap(p.args().get(i))));
                    p.kwargs().forEach((k, c) -> children.add(Map.entry("__kwargs__." + keyText(k), wrap(c))));
                    if (p.state() instanceof Map<?, ?> m) {
                        m.forEach((k, c) -> children.add(Map.entry(keyText(k), wrap(c))));
                    } else if (p.state() != null) {
                        children.add(Map.entry("__state__", p.state()));
                    }
                    p.dictItems().forEach((k, c) -> children.add(Map.entry(keyText(k), wrap(c))));
                    for (int i = 0; i < p.listItems().size(); i++) {
                        children.add(Map.entry(Integer.toString(i), wrap(p.listItems().get(i))));
                    }
                }
                default -> throw new AssertionError(v);
            }
            Object state = extraState.get(v);
            if (state != null) children.add(Map.entry("__state__", state));
            for (int i = children.size() - 1; i >= 0; i--) {
                Map.Entry<String, Object> c = children.get(i);
                String path = node.path().isEmpty() ? c.getKey() : node.path() + "." + c.getKey();
                todo.push(new Node(c.getValue(), path, node.depth() + 1));
            }
        }
        return found;
    }

    /** Map.entry refuses null values; None leaves have nothing to index anyway. */
    private static Object wrap(Object o) {
        return o == null ? "" : o;
    }

    private static String keyText(Object key) {
        if (key instanceof Object[] tuple) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < tuple.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(tuple[i] instanceof String s ? s : TorchUnpickler.describeShort(tuple[i]));
            }
            return sb.append(')').toString();
        }
        return key instanceof String s ? s : TorchUnpickler.describeShort(key);
    }

    /** The checks described in the class comment. {@code origin} is null for a tensor not read from this file. */
    private void validate(StoredTensor t, StorageRef origin, String path) throws CheckpointFormatException {
        String key = t.storageKey();
        if (t.dtype() == null) {
            throw new CheckpointFormatException(file, path, "storage type", "expected one of "
                    + TorchTypes.supportedStorageTypes() + ", got " + (origin == null ? "none" : origin.storageType()));
        }
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (stride.length != shape.length) {
            throw new CheckpointFormatException(file, path, "stride", "expected " + shape.length + " strides (one per"
                    + " dimension of size " + Arrays.toString(shape) + "), got " + Arrays.toString(stride));
        }
        for (long s : shape) {
            if (s < 0) throw new CheckpointFormatException(file, path, "size", "expected sizes >= 0, got " + Arrays.toString(shape));
        }
        for (long s : stride) {
            if (s < 0) throw new CheckpointFormatException(file, path, "stride", "expected strides >= 0, got " + Arrays.toString(stride));
        }
        long bytes = storages.byteSize(key);
        if (bytes < 0) {
            throw new CheckpointFormatException(file, path, "storage key", "expected " + storages.expectation(key)
                    + " for storage key '" + key + "', found none");
        }
        long itemSize = t.dtype().byteSize();
        long stored = bytes / itemSize; // elements of this dtype the file holds for the storage
        long viewStart = 0;
        long viewNumel = stored;
        if (origin != null) {
            viewStart = origin.offset();
            viewNumel = origin.numel();
            if (viewNumel > stored || viewStart > stored - viewNumel) {
                throw new CheckpointFormatException(file, path, "storage size", "expected " + storages.where(key)
                        + " to hold " + viewNumel + " elements of " + t.dtype() + " from element " + viewStart
                        + ", as the persistent id declares; it has " + bytes + " bytes (" + stored + " elements)");
            }
        }
        long offset = t.storageOffset() - viewStart;
        if (offset < 0) {
            throw new CheckpointFormatException(file, path, "storage_offset", "expected >= 0, got " + offset);
        }
        long numel;
        long extent;
        try {
            numel = t.numel();
            extent = t.extent();
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file, path, "size", "the element count of sizes " + Arrays.toString(shape)
                    + " with strides " + Arrays.toString(stride) + " overflows");
        }
        if (numel > 0 && (offset > viewNumel || extent > viewNumel - offset)) {
            throw new CheckpointFormatException(file, path, "storage_offset + extent", "expected storage_offset + 1 +"
                    + " sum((size_i - 1) * stride_i) <= " + viewNumel + " (the elements of " + t.dtype() + " in storage '"
                    + key + "'), got " + offset + " + " + extent + " for sizes " + Arrays.toString(shape) + ", strides "
                    + Arrays.toString(stride));
        }
    }

    // ----- state dicts --------------------------------------------------------------------

    /**
     * The state dict inside this checkpoint: name -> tensor, in the file's order. If the
     * top-level object is itself a dict of tensors (what {@code torch.save(model.state_dict())}
     * writes), that dict; otherwise the value under the first of {@code preferredKeys}
     * ({@link #DEFAULT_STATE_DICT_KEYS} when none are given: "state_dict" for Lightning
     * checkpoints, "model", "g_ema", "G_ema") that is present and holds a dict of tensors. Names
     * are returned as stored (e.g. with a Lightning module's attribute prefix). A dict of
     * tensors is one whose keys are strings and whose values are all tensors.
     *
     * @throws CheckpointFormatException if there is no such dict; the message lists the keys
     *         present and what each candidate holds
     */
    public Map<String, StoredTensor> stateDict(String... preferredKeys) throws CheckpointFormatException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointFormatException(file, "", "state dict", "expected a dict at the top level, got "
                    + TorchUnpickler.describeShort(root));
        }
        if (top.isEmpty()) return Map.of();
        Map<String, StoredTensor> direct = tensorDict(top);
        if (direct != null) return direct;
        List<String> candidates = preferredKeys.length > 0 ? List.of(preferredKeys) : DEFAULT_STATE_DICT_KEYS;
        List<String> rejected = new ArrayList<>();
        for (String k : candidates) {
            if (!top.containsKey(k)) continue;
            Object v = top.get(k);
            Map<String, StoredTensor> sd = v instanceof Map<?, ?> m ? tensorDict(m) : null;
            if (sd != null) return sd;
            rejected.add("'" + k + "' holds " + TorchUnpickler.describeShort(v));
        }
        List<String> present = new ArrayList<>();
        for (Object k : top.keySet()) {
            if (present.size() == 20) {
                present.add("... (" + top.size() + " in all)");
                break;
            }
            present.add(keyText(k));
        }
        throw new CheckpointFormatException(file, "", "state dict", "expected a dict of tensors at the top level or under"
                + " one of the keys " + candidates + (rejected.isEmpty() ? "" : " (" + String.join("; ", rejected)
                + ", not a dict of tensors)") + "; the top-level keys are " + present);
    }

    private static Map<String, StoredTensor> tensorDict(Map<?, ?> m) {
        if (m.isEmpty()) return null;
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof StoredTensor t)) return null;
            out.put(name, t);
        }
        return Collections.unmodifiableMap(out);
    }

    // ----- loading tensors ----------------------------------------------------------------

    /** The tensor at {@code path} in {@link #tensors()}, loaded (see {@link #load(StoredTensor)}). */
    public Tensor tensor(String path) throws IOException {
        StoredTensor t = tensors.get(path);
        if (t == null) {
            List<String> some = tensors.keySet().stream().limit(10).toList();
            throw new NoSuchElementException(file + ": no tensor at '" + path + "'; tensors: " + String.join(", ", some)
                    + (tensors.size() > some.size() ? ", ... (" + tensors.size() + " in all)" : ""));
        }
        return load(t);
    }

    /**
     * A new contiguous CPU tensor with {@code t}'s dtype, shape and elements. The caller owns it.
     * {@code t} is validated against this file's storages first.
     */
    public Tensor load(StoredTensor t) throws IOException {
        String path = firstPath.getOrDefault(t, "storage '" + t.storageKey() + "'");
        validate(t, origins.get(t), path);
        DType dtype = t.dtype();
        long[] shape = t.shape();
        if (t.numel() == 0) return Tensor.empty(dtype, Device.CPU, shape);
        if (t.isContiguous()) {
            Tensor out = Tensor.empty(dtype, Device.CPU, shape);
            try {
                fill(out, t, path);
                return out;
            } catch (IOException | RuntimeException | Error e) {
                out.close();
                throw e;
            }
        }
        // Strided: read the span the view covers, view it with the stored strides, copy out.
        Tensor span = Tensor.empty(dtype, Device.CPU, t.extent());
        try {
            fill(span, t, path);
            try (Tensor view = Ops.asStrided(span, shape, t.stride(), 0)) {
                return Ops.contiguous(view);
            }
        } finally {
            span.close();
        }
    }

    /**
     * Loads each tensor of {@code wanted} (e.g. {@link #stateDict}), keeping its names and order.
     * A StoredTensor listed under several names is read once; the others share it. On failure
     * every tensor made so far is closed.
     */
    public Map<String, Tensor> loadAll(Map<String, StoredTensor> wanted) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<StoredTensor, Tensor> done = new IdentityHashMap<>();
        try {
            for (Map.Entry<String, StoredTensor> e : wanted.entrySet()) {
                Tensor first = done.get(e.getValue());
                Tensor t = first != null ? first.share() : load(e.getValue());
                Tensor replaced = out.put(e.getKey(), t);
                if (replaced != null) replaced.close();
                done.putIfAbsent(e.getValue(), t);
            }
            return out;
        } catch (IOException | RuntimeException | Error e) {
            closeAll(out.values(), e);
            throw e;
        }
    }

    private static void closeAll(Iterable<Tensor> tensors, Throwable failure) {
        for (Tensor t : tensors) {
            try {
                t.close();
            } catch (RuntimeException suppressed) {
                failure.addSuppressed(suppressed);
            }
        }
    }

    /** Copies the elements {@code dst} holds, starting at the tensor's storage offset, into it. */
    private void fill(Tensor dst, StoredTensor t, String path) throws IOException {
        MemorySegment segment = dst.data();
        long itemSize = t.dtype().byteSize();
        try {
            storages.read(t.storageKey(), t.storageOffset() * itemSize, segment);
        } catch (IOException e) {
            throw new CheckpointFormatException(file, path, "storage data", "could not read " + segment.byteSize()
                    + " bytes from " + storages.where(t.storageKey()) + ": " + e.getMessage(), e);
        }
        if (storages.order() != ByteOrder.nativeOrder()) swapBytes(segment, (int) itemSize);
    }

    private static void swapBytes(MemorySegment s, int itemSize) {
        long n = s.byteSize() / itemSize;
        switch (itemSize) {
            case 2 -> {
                for (long i = 0; i < n; i++) s.set(ValueLayout.JAVA_SHORT, 2 * i, Short.reverseBytes(s.get(ValueLayout.JAVA_SHORT, 2 * i)));
            }
            case 4 -> {
                for (long i = 0; i < n; i++) s.set(ValueLayout.JAVA_INT, 4 * i, Integer.reverseBytes(s.get(ValueLayout.JAVA_INT, 4 * i)));
            }
            case 8 -> {
                for (long i = 0; i < n; i++) s.set(ValueLayout.JAVA_LONG, 8 * i, Long.reverseBytes(s.get(ValueLayout.JAVA_LONG, 8 * i)));
            }
            default -> { } // one-byte elements have no byte order
        }
    }

    @Override
    public void close() throws IOException {
        storages.close();
    }

    // ----- helpers ------------------------------------------------------------------------

    private static String text(Object o, String what) {
        if (o instanceof String s) return s;
        if (o instanceof byte[] b) return new String(b, java.nio.charset.StandardCharsets.US_ASCII); // Python 2 str as bytes
        throw new TorchUnpickler.Malformed(what, "expected a string, got " + TorchUnpickler.describeShort(o));
    }

    private static String typeName(Object storageType) {
        return storageType instanceof PythonGlobal g ? g.qualifiedName() : TorchUnpickler.describeShort(storageType);
    }

    private static String entryList(ZipFile zip) {
        List<String> names = new ArrayList<>();
        Enumeration<? extends ZipEntry> e = zip.entries();
        while (e.hasMoreElements() && names.size() < 10) names.add(e.nextElement().getName());
        return names.isEmpty() ? "no entries" : String.join(", ", names) + (zip.size() > names.size() ? ", ... (" + zip.size() + " entries)" : "");
    }

    private static boolean looksLikeTar(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(263);
            return header.length == 263 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
        }
    }

    private static String hex(byte[] bytes) {
        if (bytes.length == 0) return "none (the file is empty)";
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%02x ", b & 0xFF));
        return sb.toString().strip();
    }
}
