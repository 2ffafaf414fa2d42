package dev.dgan.runtime.checkpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the modules in an unpickled NVIDIA snapshot and builds {@link SnapshotModule}s
 * from them, validating every tensor on the way so that errors name the module path.
 *
 * <p>Two shapes of module occur, both placeholders (nothing was called):
 * <ul>
 * <li>a persistent class: {@code torch_utils.persistence._reconstruct_persistent_obj(meta)}
 *     with {@code meta = {type: 'class', version, module_src, class_name, state}}, the state
 *     being the module's {@code __dict__};
 * <li>a plain torch.nn module (e.g. a {@code torch.nn.Conv2d} inside a persistent one), pickled
 *     by its own reduce: a placeholder for its class with the {@code __dict__} as BUILD state.
 * </ul>
 */
final class SnapshotModules {

    static final String PERSISTENT = "torch_utils.persistence._reconstruct_persistent_obj";

    /** Nesting of modules beyond any real network; a guard against hostile self-nesting. */
    static final int MAX_DEPTH = 1_000;

    /** torch.nn.Module bookkeeping in a module's __dict__, left out of {@link SnapshotModule#attributes()}. */
    private static final Set<String> BOOKKEEPING = Set.of("training", "_parameters", "_buffers", "_modules",
            "_non_persistent_buffers_set", "_init_args", "_init_kwargs", "_is_full_backward_hook");

    private final Path file;
    private final TensorLoader loader;
    private final Storages.Embedded storages;
    private final Set<Object> onPath = Collections.newSetFromMap(new IdentityHashMap<>());

    SnapshotModules(Path file, TensorLoader loader, Storages.Embedded storages) {
        this.file = file;
        this.loader = loader;
        this.storages = storages;
    }

    /** A {@code _reconstruct_persistent_obj} call, whatever its arguments. */
    static boolean isPersistent(Object v) {
        return v instanceof PythonObject p && p.calledOn() == null && p.qualifiedName().equals(PERSISTENT);
    }

    /** A persistent object, or a placeholder whose state is a torch.nn.Module's __dict__. */
    static boolean isModule(Object v) {
        return isPersistent(v) || v instanceof PythonObject p && p.state() instanceof Map<?, ?> s
                && s.containsKey("_parameters") && s.containsKey("_modules");
    }

    /** The module {@code v} (see {@link #isModule}) found at {@code path}. */
    SnapshotModule read(String path, Object v) throws CheckpointFormatException {
        if (!isModule(v)) {
            throw new CheckpointFormatException(file, path, "module", "expected a persistent module (" + PERSISTENT
                    + "(meta)) or a torch.nn.Module, got " + TorchUnpickler.describeShort(v));
        }
        if (onPath.size() >= MAX_DEPTH) {
            throw new CheckpointFormatException(file, path, "nesting", "expected at most " + MAX_DEPTH + " levels of modules");
        }
        if (!onPath.add(v)) throw new CheckpointFormatException(file, path, "_modules", "the module contains itself");
        try {
            PythonObject p = (PythonObject) v;
            return isPersistent(p) ? persistent(path, p) : plain(path, p);
        } finally {
            onPath.remove(v);
        }
    }

    private SnapshotModule persistent(String path, PythonObject p) throws CheckpointFormatException {
        if (p.args().size() != 1 || !(p.args().get(0) instanceof Map<?, ?> meta)) {
            throw new CheckpointFormatException(file, path, "persistent object", "expected " + PERSISTENT
                    + "(meta) with one dict argument, got " + p.args().size() + " arguments");
        }
        if (!"class".equals(meta.get("type"))) {
            throw new CheckpointFormatException(file, path, "meta.type", "expected 'class', got "
                    + TorchUnpickler.describeShort(meta.get("type")));
        }
        if (!(meta.get("class_name") instanceof String className)) {
            throw new CheckpointFormatException(file, path, "meta.class_name", "expected a string, got "
                    + TorchUnpickler.describeShort(meta.get("class_name")));
        }
        if (!(meta.get("module_src") instanceof String source)) {
            throw new CheckpointFormatException(file, path, "meta.module_src", "expected the module's source as a string, got "
                    + TorchUnpickler.describeShort(meta.get("module_src")));
        }
        if (!(meta.get("state") instanceof Map<?, ?> state)) {
            throw new CheckpointFormatException(file, path, "meta.state", "expected the module's __dict__ as a dict, got "
                    + TorchUnpickler.describeShort(meta.get("state")));
        }
        // The source is only measured: it is the reference's code, never to be run or handed on.
        return module(path, className, null, source.length(), state);
    }

    private SnapshotModule plain(String path, PythonObject p) throws CheckpointFormatException {
        return module(path, p.name(), p.module(), -1, (Map<?, ?>) p.state());
    }

    private SnapshotModule module(String path, String className, String moduleName, int sourceLength, Map<?, ?> state)
            throws CheckpointFormatException {
        Map<String, StoredTensor> parameters = tensors(path, state, "_parameters");
        Map<String, StoredTensor> buffers = tensors(path, state, "_buffers");
        Set<String> nonPersistent = names(path, state.get("_non_persistent_buffers_set"));
        Map<String, SnapshotModule> children = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries(path, state, "_modules").entrySet()) {
            if (e.getValue() != null) children.put(e.getKey(), read(path + "." + e.getKey(), e.getValue()));
        }
        List<Object> initArgs = List.of();
        Map<String, Object> initKwargs = Map.of();
        Map<String, Object> attributes = new LinkedHashMap<>();
        try {
            Object args = PlainValues.of(state.get("_init_args"));
            if (args instanceof List<?> l) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) l;
                initArgs = list;
            }
            Map<String, Object> kwargs = PlainValues.map(state.get("_init_kwargs"));
            if (kwargs != null) initKwargs = kwargs;
            for (Map.Entry<?, ?> e : state.entrySet()) {
                if (!(e.getKey() instanceof String name) || BOOKKEEPING.contains(name)) continue;
                if (name.startsWith("_") && name.contains("hook")) continue;
                attributes.put(name, PlainValues.of(e.getValue()));
            }
        } catch (TorchUnpickler.Malformed e) {
            throw new CheckpointFormatException(file, path, e.field, e.getMessage(), e);
        }
        return new SnapshotModule(path, className, moduleName, sourceLength, initArgs, initKwargs,
                Collections.unmodifiableMap(attributes), parameters, buffers, nonPersistent, children, loader);
    }

    /** {@code _parameters} or {@code _buffers}: name -> tensor, None entries left out, each validated. */
    private Map<String, StoredTensor> tensors(String path, Map<?, ?> state, String field) throws CheckpointFormatException {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries(path, state, field).entrySet()) {
            if (e.getValue() == null) continue;
            String tensorPath = path + "." + e.getKey();
            if (!(e.getValue() instanceof StoredTensor t)) {
                throw new CheckpointFormatException(file, tensorPath, field, "expected a tensor (torch._utils."
                        + "_rebuild_parameter or _rebuild_tensor_v2) or None, got " + TorchUnpickler.describeShort(e.getValue()));
            }
            CheckpointFormatException failure = storages.failure(t.storageKey());
            if (failure != null) {
                throw new CheckpointFormatException(file, tensorPath, "storage", "expected torch.storage._load_from_bytes"
                        + " to hold a legacy torch.save byte string of one storage; " + failure.field() + ": "
                        + failure.problem(), failure);
            }
            loader.validate(t, tensorPath);
            out.put(e.getKey(), t);
        }
        return out;
    }

    /** A dict entry of the state with string keys; empty when absent (older torch versions lack some). */
    private Map<String, Object> entries(String path, Map<?, ?> state, String field) throws CheckpointFormatException {
        Object v = state.get(field);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) {
            throw new CheckpointFormatException(file, path, field, "expected a dict (OrderedDict), got "
                    + TorchUnpickler.describeShort(v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new CheckpointFormatException(file, path, field, "expected string keys, got "
                        + TorchUnpickler.describeShort(e.getKey()));
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    private Set<String> names(String path, Object v) throws CheckpointFormatException {
        Set<String> out = new LinkedHashSet<>();
        if (v == null) return out;
        if (!(v instanceof Set<?> set)) {
            throw new CheckpointFormatException(file, path, "_non_persistent_buffers_set", "expected a set of names, got "
                    + TorchUnpickler.describeShort(v));
        }
        for (Object o : set) {
            if (!(o instanceof String s)) {
                throw new CheckpointFormatException(file, path, "_non_persistent_buffers_set", "expected names, got "
                        + TorchUnpickler.describeShort(o));
            }
            out.add(s);
        }
        return out;
    }
}
