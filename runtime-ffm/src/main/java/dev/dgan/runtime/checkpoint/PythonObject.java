package dev.dgan.runtime.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inert placeholder for what a pickle would have built by calling a Python global that
 * {@link TorchCheckpoint} does not know: an {@code argparse.Namespace}, a numpy scalar, a
 * Lightning callback state, {@code functools.partial} ... or {@code os.system("...")}. It records
 * what was to be called and with what, and nothing else happens: no class is looked up, no
 * constructor, {@code __setstate__} or {@code __reduce__} runs.
 *
 * <p>What the pickle does to the object afterwards is recorded too: BUILD's state
 * ({@link #state()}, usually the instance's {@code __dict__}), items set on it as on a dict
 * ({@link #dictItems()}, e.g. for dict subclasses such as {@code EasyDict}) and items appended as
 * on a list ({@link #listItems()}).
 *
 * <p>Values are the reader's usual Java forms: String, Integer/Long/BigInteger, Double, Boolean,
 * null, byte[], Object[] (tuples), List, Map, Set, {@link StoredTensor}, {@link PythonGlobal},
 * {@link PythonObject}.
 */
public final class PythonObject {

    private final String module;
    private final String name;
    private final List<Object> args;
    private final Map<Object, Object> kwargs;
    private final PythonObject calledOn;
    private Object state;
    private final Map<Object, Object> dictItems = new LinkedHashMap<>();
    private final List<Object> listItems = new ArrayList<>();

    PythonObject(String module, String name, Object[] args, Map<Object, Object> kwargs, PythonObject calledOn) {
        this.module = module;
        this.name = name;
        this.args = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(args)));
        this.kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
        this.calledOn = calledOn;
    }

    /** Module of the global that was to be called (for a call of a placeholder: that placeholder's). */
    public String module() {
        return module;
    }

    public String name() {
        return name;
    }

    /** {@code module.name}, e.g. {@code os.system}. */
    public String qualifiedName() {
        return module + "." + name;
    }

    /** Positional arguments of the call (REDUCE / NEWOBJ / INST / OBJ), in order. */
    public List<Object> args() {
        return args;
    }

    /** Keyword arguments (NEWOBJ_EX only); empty otherwise. */
    public Map<Object, Object> kwargs() {
        return kwargs;
    }

    /**
     * When the pickle called something that was itself a placeholder (a call of a call's
     * result), that placeholder; null when a global was called.
     */
    public PythonObject calledOn() {
        return calledOn;
    }

    /** The state BUILD gave the object (often a dict of attributes), or null. */
    public Object state() {
        return state;
    }

    /** Items the pickle set on the object as on a dict (SETITEM/SETITEMS), in order. */
    public Map<Object, Object> dictItems() {
        return Collections.unmodifiableMap(dictItems);
    }

    /** Items the pickle appended to the object as to a list (APPEND/APPENDS/ADDITEMS), in order. */
    public List<Object> listItems() {
        return Collections.unmodifiableList(listItems);
    }

    /** An attribute from a dict state ({@code obj.__dict__[name]}), or null. */
    public Object attribute(String attribute) {
        return state instanceof Map<?, ?> m ? m.get(attribute) : null;
    }

    @SuppressWarnings("unchecked")
    void build(Object newState) {
        // BUILD twice merges dict states, like repeated __dict__.update(); anything else replaces.
        if (state instanceof Map<?, ?> old && newState instanceof Map<?, ?> add) {
            ((Map<Object, Object>) old).putAll(add);
        } else {
            state = newState;
        }
    }

    void putItem(Object key, Object value) {
        dictItems.put(key, value);
    }

    void addItem(Object value) {
        listItems.add(value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PythonObject[").append(qualifiedName());
        if (calledOn != null) sb.append(" (called on a placeholder)");
        sb.append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(TorchUnpickler.describeShort(args.get(i)));
        }
        sb.append(')');
        if (state != null) sb.append(" state=").append(TorchUnpickler.describeShort(state));
        return sb.append(']').toString();
    }
}
