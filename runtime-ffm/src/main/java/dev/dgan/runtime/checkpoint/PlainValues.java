package dev.dgan.runtime.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns what the unpickler built into plain Java values, for configuration such as a network's
 * constructor arguments: Map (String keys, insertion order), List (for lists and tuples), Set,
 * Long (Python ints and numpy integer scalars; BigInteger beyond 64 bits), Double (floats and
 * numpy float scalars), Boolean (incl. numpy bools), String, byte[], null. Two placeholders are
 * understood by name and never called: {@code dnnlib.util.EasyDict} (a dict subclass; its items)
 * and {@code numpy.core.multiarray.scalar(dtype, bytes)} (its value, decoded from the bytes as
 * the dtype says). Anything else - a {@link StoredTensor}, another {@link PythonObject} - is kept
 * as it is. Results are unmodifiable.
 */
final class PlainValues {

    /** Deeper nesting than configuration ever has; a guard against self-containing containers. */
    static final int MAX_DEPTH = 1_000;

    private static final Set<String> EASY_DICTS = Set.of("dnnlib.util.EasyDict", "dnnlib.EasyDict");
    private static final Set<String> NUMPY_SCALARS = Set.of("numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar");

    private PlainValues() {}

    /** The plain form of {@code value}; Malformed when it nests deeper than {@link #MAX_DEPTH}. */
    static Object of(Object value) {
        return of(value, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    /** A dict (or EasyDict) as a plain map; null when {@code value} is neither. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        Object plain = of(value);
        return plain instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static Object of(Object v, Set<Object> onPath, int depth) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Double || v instanceof byte[]) return v;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b;
        if (v instanceof Float f) return f.doubleValue();
        boolean container = v instanceof Map || v instanceof List || v instanceof Set || v instanceof Object[]
                || v instanceof PythonObject;
        if (!container) return v;
        if (depth >= MAX_DEPTH) {
            throw new TorchUnpickler.Malformed("nesting", "expected at most " + MAX_DEPTH + " levels of nested values");
        }
        if (!onPath.add(v)) throw new TorchUnpickler.Malformed("nesting", "a container holds itself");
        try {
            return switch (v) {
                case Map<?, ?> m -> map(m, onPath, depth);
                case List<?> l -> list(l, onPath, depth);
                case Object[] a -> list(Arrays.asList(a), onPath, depth);
                case Set<?> s -> {
                    Set<Object> out = new LinkedHashSet<>();
                    for (Object o : s) out.add(of(o, onPath, depth + 1));
                    yield Collections.unmodifiableSet(out);
                }
                case PythonObject p -> placeholder(p, onPath, depth);
                default -> v;
            };
        } finally {
            onPath.remove(v);
        }
    }

    private static Map<String, Object> map(Map<?, ?> m, Set<Object> onPath, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(key(k, onPath, depth), of(val, onPath, depth + 1)));
        return Collections.unmodifiableMap(out);
    }

    private static List<Object> list(List<?> l, Set<Object> onPath, int depth) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(of(o, onPath, depth + 1));
        return Collections.unmodifiableList(out);
    }

    /** Keys become strings: Python configs key by name; other keys keep their plain form's text. */
    private static String key(Object k, Set<Object> onPath, int depth) {
        return k instanceof String s ? s : String.valueOf(of(k, onPath, depth + 1));
    }

    private static Object placeholder(PythonObject p, Set<Object> onPath, int depth) {
        String name = p.qualifiedName();
        if (EASY_DICTS.contains(name) && p.args().isEmpty()) {
            // EasyDict(**d) pickles as NEWOBJ with no arguments and the items set on it; a dict state is its __dict__.
            Map<Object, Object> items = new LinkedHashMap<>(p.dictItems());
            if (p.state() instanceof Map<?, ?> state) state.forEach(items::putIfAbsent);
            return map(items, onPath, depth);
        }
        if (NUMPY_SCALARS.contains(name) && p.args().size() == 2 && p.args().get(1) instanceof byte[] bytes) {
            Object value = numpyScalar(p.args().get(0), bytes);
            if (value != null) return value;
        }
        return p;
    }

    /**
     * The value of a numpy scalar: {@code dtype} is the placeholder for {@code numpy.dtype('f8',
     * False, True)} whose BUILD state tuple holds the byte order at index 1 ('<', '>', '|', '=').
     * Null for a dtype this does not decode (strings, complex, datetimes ...).
     */
    static Object numpyScalar(Object dtype, byte[] bytes) {
        if (!(dtype instanceof PythonObject d) || !d.qualifiedName().endsWith("numpy.dtype") || d.args().isEmpty()
                || !(d.args().get(0) instanceof String code) || code.length() < 2) {
            return null;
        }
        char kind = code.charAt(0);
        int size;
        try {
            size = Integer.parseInt(code.substring(1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (bytes.length != size) return null;
        ByteOrder order = d.state() instanceof Object[] state && state.length > 1 && ">".equals(state[1])
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN; // '<', '|' and '=' (pickled on little-endian hosts)
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        return switch (kind) {
            case 'f' -> switch (size) {
                case 2 -> (double) Float.float16ToFloat(b.getShort());
                case 4 -> (double) b.getFloat();
                case 8 -> b.getDouble();
                default -> null;
            };
            case 'i' -> switch (size) {
                case 1 -> (long) b.get();
                case 2 -> (long) b.getShort();
                case 4 -> (long) b.getInt();
                case 8 -> b.getLong();
                default -> null;
            };
            case 'u' -> switch (size) {
                case 1 -> (long) (b.get() & 0xFF);
                case 2 -> (long) (b.getShort() & 0xFFFF);
                case 4 -> b.getInt() & 0xFFFFFFFFL;
                case 8 -> {
                    long v = b.getLong();
                    yield v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
                }
                default -> null;
            };
            case 'b' -> size == 1 ? (Object) (bytes[0] != 0) : null;
            default -> null;
        };
    }
}
