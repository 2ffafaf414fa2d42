package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.files.FileWarnings;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network snapshot of NVIDIA's StyleGAN2-ADA / StyleGAN3 training code
 * ({@code network-snapshot-*.pkl}: {@code pickle.dump({'training_set_kwargs': ..., 'G': G,
 * 'D': D, 'G_ema': G_ema, 'augment_pipe': ...})}), read without running anything from it.
 *
 * <h2>What such a pickle holds</h2>
 * Each network class is decorated with {@code torch_utils.persistence.persistent_class}, so a
 * module pickles as a call of {@code torch_utils.persistence._reconstruct_persistent_obj(meta)}
 * where meta carries the full Python source of the class's module, the class name and the
 * module's {@code __dict__}. Under Python, unpickling runs that source. Here the call stays an
 * inert {@link PythonObject} (as does every global outside the reader's allow-list), the source
 * is only measured, and the {@code __dict__} is read as data: see {@link SnapshotModule}.
 * Tensors are {@code torch._utils._rebuild_parameter} / {@code _rebuild_tensor_v2} calls whose
 * storage is {@code torch.storage._load_from_bytes(b)}, {@code b} being a complete legacy
 * (non-zip) torch.save of that one storage; those byte strings are read with the legacy reader
 * of {@link TorchCheckpoint}, in memory.
 *
 * <h2>Plain values</h2>
 * Top-level entries that are not modules ({@link #data()}), constructor arguments and module
 * attributes are given as plain Java values: Map (String keys, in order; {@code EasyDict}s
 * included), List (lists and tuples), Set, Long, Double (numpy float scalars included), Boolean,
 * String, byte[], null; a tensor stays a {@link StoredTensor} and an unknown object an inert
 * {@link PythonObject}.
 *
 * <h2>Validation and memory</h2>
 * {@link #read} checks every tensor of every network as {@link TorchCheckpoint#read} does; a
 * failure is a {@link CheckpointFormatException} naming the file, the tensor's path (e.g.
 * {@code G_ema.synthesis.b8.conv0.weight}) and what was expected. The storages' bytes stay in
 * memory (about the file's size); nothing native is held until tensors are loaded, so there is
 * nothing to close.
 */
public final class NvidiaSnapshot {

    private static final String LOAD_FROM_BYTES = "torch.storage._load_from_bytes";

    private final Path file;
    private final Map<String, SnapshotModule> networks;
    private final Map<String, Object> data;
    private final List<String> unexpectedGlobals;

    private NvidiaSnapshot(Path file, Map<String, SnapshotModule> networks, Map<String, Object> data, List<String> unexpectedGlobals) {
        this.file = file;
        this.networks = Collections.unmodifiableMap(networks);
        this.data = Collections.unmodifiableMap(data);
        this.unexpectedGlobals = List.copyOf(unexpectedGlobals);
    }

    /**
     * Parses {@code file} and validates every network's tensors; reads no tensor into libtorch.
     * A pickle that names globals the training code does not write ({@link #unexpectedGlobals()})
     * still loads, with one warning per file on stderr.
     */
    public static NvidiaSnapshot read(Path file) throws IOException {
        long size = Files.size(file);
        Storages.Embedded storages = new Storages.Embedded();
        Map<StoredTensor, StorageRef> origins = new IdentityHashMap<>();
        Set<String> globals = new LinkedHashSet<>();
        Object root;
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            if (head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                throw new CheckpointFormatException(file, null, "format", "expected a network snapshot pickle, got a zip"
                        + " archive (a torch.save checkpoint: read it with TorchCheckpoint)");
            }
            if (head.length == 0 || (head[0] & 0xFF) != 0x80) {
                // pickle.dump under Python 3 always starts with PROTO (protocol >= 2)
                throw new CheckpointFormatException(file, null, "format", "expected a network snapshot pickle (pickle.dump,"
                        + " starting with the PROTO opcode 0x80), got " + (head.length == 0 ? "an empty file"
                        : "first bytes " + hex(head)));
            }
            Map<String, TorchUnpickler.Call> calls = Map.of(LOAD_FROM_BYTES, args -> loadFromBytes(file, storages, args));
            root = TorchUnpickler.unpickle(file, "snapshot pickle", new CountingInput(in, size),
                    TorchUnpickler::noPersistentIds, origins, new IdentityHashMap<>(), calls, globals);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointFormatException(file, "", "snapshot", "expected a dict at the top level (pickle.dump of"
                    + " {'G': ..., 'D': ..., 'G_ema': ...}), got " + TorchUnpickler.describeShort(root));
        }
        SnapshotModules modules = new SnapshotModules(file, new TensorLoader(file, storages, origins), storages);
        Map<String, SnapshotModule> networks = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = e.getKey() instanceof String s ? s : TorchUnpickler.describeShort(e.getKey());
            if (SnapshotModules.isPersistent(e.getValue())) {
                networks.put(key, modules.read(key, e.getValue()));
            } else {
                try {
                    data.put(key, PlainValues.of(e.getValue()));
                } catch (TorchUnpickler.Malformed m) {
                    throw new CheckpointFormatException(file, key, m.field, m.getMessage(), m);
                }
            }
        }
        if (networks.isEmpty()) {
            throw new CheckpointFormatException(file, "", "networks", "expected at least one persistent module ("
                    + SnapshotModules.PERSISTENT + "(...)) among the top-level values; found " + describe(top));
        }
        List<String> unexpected = SnapshotGlobals.unexpected(globals);
        if (!unexpected.isEmpty()) {
            FileWarnings.warnOnce(file, "the pickle names Python globals that NVIDIA's training code does not write: "
                    + String.join(", ", unexpected) + ". Nothing from the file was run (dgan reads only data from it), but"
                    + " Python's pickle would import them and may call them: check where the file came from.");
        }
        return new NvidiaSnapshot(file, networks, data, unexpected);
    }

    /**
     * The {@code _load_from_bytes} call: reads the byte string as a legacy torch.save of one
     * storage. A byte string that cannot be read becomes a storage key with a recorded failure,
     * reported later with the path of the tensor that uses it.
     */
    private static Object loadFromBytes(Path file, Storages.Embedded storages, Object[] args) {
        if (args.length != 1 || !(args[0] instanceof byte[] bytes)) {
            String key = storages.addFailure(new CheckpointFormatException(file, null, "argument", "expected one bytes"
                    + " argument, got " + (args.length == 1 ? TorchUnpickler.describeShort(args[0]) : args.length + " arguments")));
            return new StorageRef(key, LOAD_FROM_BYTES, null, "cpu", 0, 0);
        }
        try {
            CountingInput in = new CountingInput(new ByteArrayInputStream(bytes), bytes.length);
            LegacyFormat.Contents contents = LegacyFormat.read(file, in, bytes.length, Storages.Source.of(bytes));
            if (!(contents.root() instanceof StorageRef inner)) {
                throw new CheckpointFormatException(file, null, "main pickle", "expected the saved object to be a storage,"
                        + " got " + TorchUnpickler.describeShort(contents.root()));
            }
            String key = storages.add(contents.storages(Storages.Source.of(bytes), null), inner.key());
            return new StorageRef(key, inner.storageType(), inner.dtype(), inner.location(), inner.offset(), inner.numel());
        } catch (CheckpointFormatException e) {
            return new StorageRef(storages.addFailure(e), LOAD_FROM_BYTES, null, "cpu", 0, 0);
        } catch (IOException e) {
            // reading from an array does not fail otherwise; kept for the signature's sake
            CheckpointFormatException failure = new CheckpointFormatException(file, null, "byte string", e.toString(), e);
            return new StorageRef(storages.addFailure(failure), LOAD_FROM_BYTES, null, "cpu", 0, 0);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%02x ", b & 0xFF));
        return sb.toString().strip();
    }

    private static String describe(Map<?, ?> top) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            if (parts.size() == 20) {
                parts.add("... (" + top.size() + " in all)");
                break;
            }
            parts.add(TorchUnpickler.describeShort(e.getKey()) + ": " + TorchUnpickler.describeShort(e.getValue()));
        }
        return parts.isEmpty() ? "an empty dict" : "{" + String.join(", ", parts) + "}";
    }

    public Path file() {
        return file;
    }

    /** Top-level keys whose values are persistent modules (e.g. G, D, G_ema), in the file's order. */
    public Set<String> networks() {
        return networks.keySet();
    }

    /**
     * The network under {@code key}.
     *
     * @throws CheckpointFormatException naming the file, the key and the networks present when
     *         there is none under that key
     */
    public SnapshotModule network(String key) throws CheckpointFormatException {
        SnapshotModule m = networks.get(key);
        if (m == null) {
            String what = data.containsKey(key) ? "its value is not a persistent module: "
                    + TorchUnpickler.describeShort(data.get(key)) : "there is no such key";
            throw new CheckpointFormatException(file, key, "network", "expected a persistent module under '" + key
                    + "', " + what + "; the networks are " + networks.keySet());
        }
        return m;
    }

    /**
     * Globals the pickle names that a snapshot of NVIDIA's training code does not (e.g. {@code os.system}),
     * in the order they first appear; empty for a snapshot as the training code writes it.
     */
    public List<String> unexpectedGlobals() {
        return unexpectedGlobals;
    }

    /** The other top-level entries (e.g. training_set_kwargs, augment_pipe when None), as plain values. */
    public Map<String, Object> data() {
        return data;
    }
}
