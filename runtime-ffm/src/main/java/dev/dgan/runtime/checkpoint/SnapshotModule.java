package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.Tensor;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * One torch.nn.Module of an {@link NvidiaSnapshot}, as the pickle describes it: its class by
 * name, its constructor arguments, plain attributes, parameters, buffers and child modules.
 * Nothing of it was constructed in Python; the source text persistent classes carry is not kept.
 *
 * <p>{@link #stateDict()} gives the names and order {@code module.state_dict()} gives in
 * PyTorch: per module its parameters, then its persistent buffers (those not in
 * {@code _non_persistent_buffers_set}), then each child's entries under {@code child.}; None
 * entries and None children are left out. Every tensor was validated when the snapshot was read.
 */
public final class SnapshotModule {

    private final String path;
    private final String className;
    private final String moduleName;
    private final int moduleSourceLength;
    private final List<Object> initArgs;
    private final Map<String, Object> initKwargs;
    private final Map<String, Object> attributes;
    private final Map<String, StoredTensor> parameters;
    private final Map<String, StoredTensor> buffers;
    private final Set<String> nonPersistentBuffers;
    private final Map<String, SnapshotModule> children;
    private final TensorLoader loader;

    SnapshotModule(String path, String className, String moduleName, int moduleSourceLength, List<Object> initArgs,
                   Map<String, Object> initKwargs, Map<String, Object> attributes, Map<String, StoredTensor> parameters,
                   Map<String, StoredTensor> buffers, Set<String> nonPersistentBuffers,
                   Map<String, SnapshotModule> children, TensorLoader loader) {
        this.path = path;
        this.className = className;
        this.moduleName = moduleName;
        this.moduleSourceLength = moduleSourceLength;
        this.initArgs = initArgs;
        this.initKwargs = initKwargs;
        this.attributes = attributes;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.buffers = Collections.unmodifiableMap(buffers);
        this.nonPersistentBuffers = Collections.unmodifiableSet(nonPersistentBuffers);
        this.children = Collections.unmodifiableMap(children);
        this.loader = loader;
    }

    /** Where the module is in the snapshot, e.g. {@code G_ema.synthesis.b8}. */
    public String path() {
        return path;
    }

    /** The Python class name, e.g. {@code Generator}, {@code FullyConnectedLayer}, {@code Conv2d}. */
    public String className() {
        return className;
    }

    /**
     * The Python module of the class (e.g. {@code torch.nn.modules.conv}) where the pickle names
     * it; empty for persistent classes, whose pickle carries the module's source text and the
     * class name but not the module's name ({@code training.networks} for NVIDIA's networks).
     */
    public Optional<String> moduleName() {
        return Optional.ofNullable(moduleName);
    }

    /** Whether the module was pickled by {@code torch_utils.persistence} (with its class's source). */
    public boolean isPersistent() {
        return moduleSourceLength >= 0;
    }

    /** Length in characters of the source text a persistent class carries (kept only as this number); -1 otherwise. */
    public int moduleSourceLength() {
        return moduleSourceLength;
    }

    /** Positional constructor arguments a persistent class recorded ({@code _init_args}), as plain values. */
    public List<Object> initArgs() {
        return initArgs;
    }

    /**
     * Keyword constructor arguments a persistent class recorded ({@code _init_kwargs}), as plain
     * values (see {@link NvidiaSnapshot}); empty when there are none.
     */
    public Map<String, Object> initKwargs() {
        return initKwargs;
    }

    /**
     * The module's other attributes ({@code __dict__} without torch.nn's bookkeeping: parameters,
     * buffers, modules, hooks, init arguments), as plain values, e.g. {@code w_avg_beta} or
     * {@code weight_gain} (a numpy float64, as Double).
     */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** This module's own parameters (not its children's) that are not None, in order. */
    public Map<String, StoredTensor> parameters() {
        return parameters;
    }

    /** This module's own buffers that are not None, persistent or not, in order. */
    public Map<String, StoredTensor> buffers() {
        return buffers;
    }

    /** Names of buffers left out of the state dict ({@code register_buffer(..., persistent=False)}). */
    public Set<String> nonPersistentBuffers() {
        return nonPersistentBuffers;
    }

    /** Child modules by attribute name, in registration order (None children left out). */
    public Map<String, SnapshotModule> children() {
        return children;
    }

    /** The descendant at a dotted path relative to this module, e.g. {@code synthesis.b8.conv0}. */
    public SnapshotModule child(String dottedPath) {
        SnapshotModule m = this;
        for (String part : dottedPath.split("\\.", -1)) {
            SnapshotModule next = m.children.get(part);
            if (next == null) {
                throw new NoSuchElementException("'" + m.path + "' has no child module '" + part + "'; it has "
                        + m.children.keySet());
            }
            m = next;
        }
        return m;
    }

    /** Name -> tensor as PyTorch's {@code state_dict()} would list them (see the class comment). */
    public Map<String, StoredTensor> stateDict() {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, StoredTensor> out) {
        parameters.forEach((name, t) -> out.put(prefix + name, t));
        buffers.forEach((name, t) -> {
            if (!nonPersistentBuffers.contains(name)) out.put(prefix + name, t);
        });
        children.forEach((name, child) -> child.collect(prefix + name + ".", out));
    }

    /**
     * {@link #stateDict()} loaded into new CPU tensors, same names and order. The caller owns
     * every tensor (close them, or load inside a TensorScope); on failure none stays open.
     */
    public Map<String, Tensor> loadStateDict() throws IOException {
        return loader.loadAll(stateDict(), (name, t) -> path + "." + name);
    }

    @Override
    public String toString() {
        return "SnapshotModule[" + path + ": " + (moduleName == null ? "" : moduleName + ".") + className + "]";
    }
}
