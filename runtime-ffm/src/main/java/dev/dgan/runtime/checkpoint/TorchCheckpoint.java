package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.ZipEntry;
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
    private static final long MAX_PICKLE_BYTES = Integer.MAX_VALUE - 64;

    private final Path file;
    private final Format format;
    private final Object root;
    private final Storages storages;
    private final TensorLoader loader;
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
        this.loader = new TensorLoader(file, storages, origins);
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
                TensorLoader.closeAll(loaded.values(), e); // the caller never gets them
                throw e;
            }
        }
        return loaded;
    }

    private static TorchCheckpoint readZip(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            // a ZipException for a bad directory, a bare EOFException for one said to lie past the end of the file
            throw new CheckpointFormatException(file, null, "zip archive", "expected a readable zip archive (torch.save"
                    + " zip format); it is truncated or corrupt: " + (e.getMessage() != null ? e.getMessage()
                    : "the file ends before its zip directory does (" + e.getClass().getSimpleName() + ")"), e);
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
                String text = new String(entryBytes(file, zip, byteorder, 16), java.nio.charset.StandardCharsets.US_ASCII).strip();
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
            byte[] pickle = entryBytes(file, zip, pkl, (int) size);
            if (pickle.length != size) {
                throw new CheckpointFormatException(file, null, archive + "/data.pkl", "expected " + size
                        + " bytes, the entry holds " + pickle.length);
            }
            Map<StoredTensor, StorageRef> origins = new IdentityHashMap<>();
            Map<Object, Object> extraState = new IdentityHashMap<>();
            CountingInput in = new CountingInput(new java.io.ByteArrayInputStream(pickle), pickle.length);
            Object root = TorchUnpickler.unpickle(file, archive + "/data.pkl", in, TorchCheckpoint::zipPersistentId, origins,
                    extraState, Map.of());
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

    /**
     * Up to {@code limit} bytes of {@code entry}. A damaged archive fails only here, when an entry's
     * local header or compressed data is read, with ZipFile's bare message: the file and entry are added.
     */
    private static byte[] entryBytes(Path file, ZipFile zip, ZipEntry entry, int limit) throws CheckpointFormatException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes(limit);
        } catch (IOException e) {
            throw new CheckpointFormatException(file, null, entry.getName(), "expected a readable zip entry, it is truncated"
                    + " or corrupt: " + e.getMessage(), e);
        }
    }

    /** ('storage', storage_type, key, location, numel) */
    private static Object zipPersistentId(Object[] pid) {
        if (pid.length != 5) {
            throw new TorchUnpickler.Malformed("persistent id", "expected ('storage', storage_type, key, location, numel),"
                    + " got a tuple of " + pid.length);
        }
        String typename = TorchUnpickler.text(pid[0], "persistent id [0]");
        if (!typename.equals("storage")) {
            throw new TorchUnpickler.Malformed("persistent id", "expected typename 'storage', got '" + typename + "'");
        }
        long numel = TorchUnpickler.toLong(pid[4], "persistent id numel");
        if (numel < 0) throw new TorchUnpickler.Malformed("persistent id numel", "expected >= 0, got " + numel);
        return new StorageRef(TorchUnpickler.text(pid[2], "persistent id key"), TorchUnpickler.typeName(pid[1]),
                TorchTypes.storageDType(pid[1]), TorchUnpickler.text(pid[3], "persistent id location"), 0, numel);
    }

    private static TorchCheckpoint readLegacy(Path file) throws IOException {
        long fileSize = Files.size(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            // The pickles are read as a stream over the channel, the storage headers by position; the channel stays
            // open for loading, so the stream over it is never closed.
            CountingInput in = new CountingInput(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16), fileSize);
            LegacyFormat.Contents c = LegacyFormat.read(file, in, fileSize, channel::read);
            return new TorchCheckpoint(file, Format.LEGACY, c.root(), c.storages(channel::read, channel), c.origins(),
                    c.extraState());
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
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
                loader.validate(t, node.path());
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
        return loader.load(t, pathOf(t));
    }

    private String pathOf(StoredTensor t) {
        return firstPath.getOrDefault(t, "storage '" + t.storageKey() + "'");
    }

    /**
     * Loads each tensor of {@code wanted} (e.g. {@link #stateDict}), keeping its names and order.
     * A StoredTensor listed under several names is read once; the others share it. On failure
     * every tensor made so far is closed.
     */
    public Map<String, Tensor> loadAll(Map<String, StoredTensor> wanted) throws IOException {
        return loader.loadAll(wanted, (name, t) -> pathOf(t));
    }

    @Override
    public void close() throws IOException {
        storages.close();
    }

    // ----- helpers ------------------------------------------------------------------------

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
