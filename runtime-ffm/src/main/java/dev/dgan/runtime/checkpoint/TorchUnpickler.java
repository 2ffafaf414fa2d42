package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.AnyClassConstructor;
import net.razorvine.pickle.objects.ArrayConstructor;
import net.razorvine.pickle.objects.ByteArrayConstructor;
import net.razorvine.pickle.objects.ComplexNumber;
import net.razorvine.pickle.objects.DateTimeConstructor;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * razorvine's Unpickler with every opcode that names or calls Python code replaced, so that
 * nothing in a pickle can make it run anything but the handful of pure-Java data builders below.
 *
 * <p>What is overridden, and why (razorvine 1.5 behaviour):
 * <ul>
 * <li>GLOBAL, STACK_GLOBAL, INST: razorvine looks names up in a process-wide static registry
 *     ({@code Unpickler.registerConstructor} mutates it for every Unpickler in the JVM) and
 *     turns unknown names into ClassDictConstructors that fail on any argument. Here a global
 *     becomes a {@link PythonGlobal} (just a name), or a {@link DType} for {@code torch.float32}
 *     and friends.
 * <li>REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST: a call runs only if the callee is one of the
 *     allow-listed globals in {@link #callGlobal} or one the reader added as a {@link Call}
 *     (Java code of this package); anything else yields a {@link PythonObject} placeholder
 *     recording the name and the arguments.
 * <li>BUILD: razorvine calls a {@code __setstate__} method on the target by reflection (and
 *     fails for a plain map, e.g. a state dict's {@code _metadata}). Here the state is recorded.
 * <li>EMPTY_DICT, DICT, SETITEM(S), EMPTY_SET, FROZENSET, ADDITEMS, APPEND(S): razorvine uses
 *     HashMap/HashSet and builds SETITEMS through a HashMap, losing the order of state dicts;
 *     here insertion order is kept, placeholders can receive items, and mutable containers are
 *     refused as keys (Python cannot hash them; Java would recurse on a self-containing one).
 * <li>BINSTRING, BINBYTES, BINUNICODE(8), BINBYTES8, BYTEARRAY8, LONG4: razorvine allocates the
 *     announced length before reading; here a length past the end of the input is an error.
 * <li>POP, POP_MARK and the stack itself: razorvine's stack hands out its MARK object like a value
 *     (see {@link MarkCheckedStack}); here a mark where a value belongs is an error.
 * </ul>
 * Everything else (numbers, strings, tuples, lists, memo, framing) is razorvine's.
 */
final class TorchUnpickler extends Unpickler {

    /** Malformed content: which part, and what was wrong. The reader adds the file and position. */
    static final class Malformed extends RuntimeException {
        final String field;

        Malformed(String field, String problem) {
            super(problem);
            this.field = field;
        }
    }

    /** Turns a persistent id tuple into the object it stands for (a {@link StorageRef}). */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object[] pid);
    }

    /**
     * Java code a reader adds to the allow-list for one global, by canonical name (e.g.
     * {@code torch.storage._load_from_bytes}); it gets the positional arguments and must only
     * build data from them.
     */
    @FunctionalInterface
    interface Call {
        Object apply(Object[] args);
    }

    /** torch functions that rebuild a tensor from a storage, by canonical name. */
    private static final Set<String> TENSOR_REBUILDERS = Set.of(
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state");

    /**
     * razorvine's own pure-data constructors, kept for the names razorvine maps them to by
     * default. None of them looks anything up or calls back into the pickle.
     * razorvine's other defaults are not used: copy_reg._reconstructor (reflection on its first
     * argument), operator.attrgetter, pytz/dateutil time zones and exception classes become
     * placeholders like any other global.
     */
    private static final Map<String, Supplier<IObjectConstructor>> DATA_CONSTRUCTORS = Map.ofEntries(
            Map.entry("builtins.bytearray", ByteArrayConstructor::new),
            Map.entry("builtins.bytes", ByteArrayConstructor::new),
            Map.entry("_codecs.encode", ByteArrayConstructor::new),
            Map.entry("builtins.complex", () -> new AnyClassConstructor(ComplexNumber.class)),
            Map.entry("decimal.Decimal", () -> new AnyClassConstructor(BigDecimal.class)),
            Map.entry("datetime.datetime", () -> new DateTimeConstructor(DateTimeConstructor.DATETIME)),
            Map.entry("datetime.date", () -> new DateTimeConstructor(DateTimeConstructor.DATE)),
            Map.entry("datetime.time", () -> new DateTimeConstructor(DateTimeConstructor.TIME)),
            Map.entry("datetime.timedelta", () -> new DateTimeConstructor(DateTimeConstructor.TIMEDELTA)),
            Map.entry("array.array", ArrayConstructor::new),
            Map.entry("array._array_reconstructor", ArrayConstructor::new));

    private final CountingInput in;
    private final PersistentLoader persistent;
    private final Map<StoredTensor, StorageRef> origins;
    private final Map<Object, Object> extraState;
    private final Map<String, Call> calls;
    private final Set<String> globalsNamed;

    /**
     * @param origins    filled with the storage each rebuilt tensor came from (identity map)
     * @param extraState filled with BUILD states given to dicts, lists, sets and tensors (identity map)
     * @param globalsNamed filled with the canonical name of every global the pickle names ({@code os.system})
     */
    TorchUnpickler(CountingInput in, PersistentLoader persistent, Map<StoredTensor, StorageRef> origins,
                   Map<Object, Object> extraState, Map<String, Call> calls, Set<String> globalsNamed) {
        this.in = in;
        this.persistent = persistent;
        this.origins = origins;
        this.extraState = extraState;
        this.calls = calls;
        this.globalsNamed = globalsNamed;
    }

    /** Reads one pickle, up to and including its STOP opcode. */
    Object read() throws IOException {
        return load(in);
    }

    /** razorvine's loop, on a stack that never hands out its MARK object as a value (see {@link MarkCheckedStack}). */
    @Override
    public Object load(java.io.InputStream stream) throws IOException {
        stack = new MarkCheckedStack();
        input = stream;
        while (true) {
            short key = PickleUtils.readbyte(input);
            if (key == -1) throw new IOException("premature end of file");
            Object value = dispatch(key);
            if (value != NO_RETURN_VALUE) return value;
        }
    }

    /**
     * Reads one pickle from {@code in}; every failure, razorvine's included, becomes a
     * {@link CheckpointFormatException} naming {@code file}, {@code what} and the byte position.
     */
    static Object unpickle(Path file, String what, CountingInput in, PersistentLoader pids,
                           Map<StoredTensor, StorageRef> origins, Map<Object, Object> extraState, Map<String, Call> calls)
            throws CheckpointFormatException {
        return unpickle(file, what, in, pids, origins, extraState, calls, new LinkedHashSet<>());
    }

    /** As above, also filling {@code globalsNamed} with every global the pickle names, for readers that check them. */
    static Object unpickle(Path file, String what, CountingInput in, PersistentLoader pids,
                           Map<StoredTensor, StorageRef> origins, Map<Object, Object> extraState, Map<String, Call> calls,
                           Set<String> globalsNamed) throws CheckpointFormatException {
        TorchUnpickler unpickler = new TorchUnpickler(in, pids, origins, extraState, calls, globalsNamed);
        try {
            return unpickler.read();
        } catch (Malformed e) {
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

    /** For pickles that may hold no persistent ids. */
    static Object noPersistentIds(Object[] pid) {
        throw new Malformed("persistent id", "not expected in this pickle");
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(named(module, name));
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new Malformed("STACK_GLOBAL", "expected module and name strings, got "
                            + describeShort(module) + " and " + describeShort(name));
                }
                stack.add(named(m, n));
            }
            case Opcodes.INST -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                List<Object> args = stack.pop_all_since_marker();
                stack.add(call(named(module, name), args.toArray(), null, "INST"));
            }
            case Opcodes.OBJ -> {
                List<Object> items = stack.pop_all_since_marker();
                if (items.isEmpty()) throw new Malformed("OBJ", "expected a class after the mark, found nothing");
                stack.add(call(items.get(0), items.subList(1, items.size()).toArray(), null, "OBJ"));
            }
            case Opcodes.REDUCE, Opcodes.NEWOBJ -> {
                Object args = stack.pop();
                Object callee = stack.pop();
                stack.add(call(callee, args, null, key == Opcodes.REDUCE ? "REDUCE" : "NEWOBJ"));
            }
            case Opcodes.NEWOBJ_EX -> {
                Object kwargs = stack.pop();
                Object args = stack.pop();
                Object cls = stack.pop();
                if (!(kwargs instanceof Map<?, ?> kw)) {
                    throw new Malformed("NEWOBJ_EX", "expected a dict of keyword arguments, got " + describeShort(kwargs));
                }
                @SuppressWarnings("unchecked")
                Map<Object, Object> kwMap = (Map<Object, Object>) kw;
                stack.add(call(cls, args, kwMap, "NEWOBJ_EX"));
            }
            case Opcodes.BUILD -> {
                Object state = stack.pop();
                build(stack.peek(), state);
            }
            case Opcodes.POP -> ((MarkCheckedStack) stack).popValueOrMark();
            case Opcodes.POP_MARK -> stack.pop_all_since_marker();
            case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
            case Opcodes.DICT -> {
                List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, items, "DICT");
                stack.add(dict);
            }
            case Opcodes.SETITEM -> {
                Object value = stack.pop();
                Object k = stack.pop();
                setItem(stack.peek(), k, value, "SETITEM");
            }
            case Opcodes.SETITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(stack.peek(), items, "SETITEMS");
            }
            case Opcodes.APPEND -> {
                Object value = stack.pop();
                append(stack.peek(), List.of(wrapNull(value)), "APPEND");
            }
            case Opcodes.APPENDS -> {
                List<Object> items = stack.pop_all_since_marker(); // first: the list is below the mark
                append(stack.peek(), items, "APPENDS");
            }
            case Opcodes.EMPTY_SET -> stack.add(new LinkedHashSet<>());
            case Opcodes.FROZENSET -> {
                Set<Object> set = new LinkedHashSet<>();
                for (Object o : stack.pop_all_since_marker()) set.add(hashable(o, "FROZENSET"));
                stack.add(set);
            }
            case Opcodes.ADDITEMS -> {
                List<Object> items = stack.pop_all_since_marker();
                Object target = stack.peek();
                if (target instanceof Set<?> s) {
                    @SuppressWarnings("unchecked")
                    Set<Object> set = (Set<Object>) s;
                    for (Object o : items) set.add(hashable(o, "ADDITEMS"));
                } else if (target instanceof PythonObject p) {
                    items.forEach(p::addItem);
                } else {
                    throw new Malformed("ADDITEMS", "expected a set, got " + describeShort(target));
                }
            }
            case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(counted(signed4(), "BINSTRING")));
            case Opcodes.BINBYTES -> stack.add(counted(unsigned4(), "BINBYTES"));
            case Opcodes.BINUNICODE -> stack.add(new String(counted(unsigned4(), "BINUNICODE"), StandardCharsets.UTF_8));
            case Opcodes.BINUNICODE8 -> stack.add(new String(counted(unsigned8(), "BINUNICODE8"), StandardCharsets.UTF_8));
            case Opcodes.BINBYTES8 -> stack.add(counted(unsigned8(), "BINBYTES8"));
            case Opcodes.BYTEARRAY8 -> stack.add(counted(unsigned8(), "BYTEARRAY8"));
            case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(counted(signed4(), "LONG4")));
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] tuple)) {
            throw new Malformed("persistent id", "expected a tuple ('storage', ...), got " + describeShort(pid));
        }
        return persistent.load(tuple);
    }

    // ----- globals and calls --------------------------------------------------------------

    /** A global the pickle names: recorded for the reader, then {@link #global}. */
    private Object named(String module, String name) {
        globalsNamed.add(TorchTypes.canonicalModule(module) + "." + name);
        return global(module, name);
    }

    /** What GLOBAL pushes: a dtype for torch's dtype names, otherwise just the name. */
    private static Object global(String module, String name) {
        if (TorchTypes.canonicalModule(module).equals("torch") && TorchTypes.DTYPES.containsKey(name)) {
            return TorchTypes.DTYPES.get(name);
        }
        return new PythonGlobal(module, name);
    }

    private static String canonicalName(PythonGlobal g) {
        return TorchTypes.canonicalModule(g.module()) + "." + g.name();
    }

    /** The one place a call happens. Only {@link #callGlobal}'s allow-list runs; the rest is recorded. */
    private Object call(Object callee, Object argTuple, Map<Object, Object> kwargs, String op) {
        if (!(argTuple instanceof Object[] args)) {
            throw new Malformed(op, "expected an argument tuple, got " + describeShort(argTuple));
        }
        if (callee instanceof PythonGlobal g) return callGlobal(g, args, kwargs, op);
        if (callee instanceof PythonObject p) return new PythonObject(p.module(), p.name(), args, kwargs, p);
        throw new Malformed(op, "expected a callable global, got " + describeShort(callee));
    }

    private Object callGlobal(PythonGlobal g, Object[] args, Map<Object, Object> kwargs, String op) {
        String q = canonicalName(g);
        if (kwargs == null || kwargs.isEmpty()) {
            Call added = calls.get(q);
            if (added != null) return added.apply(args);
            switch (q) {
                case "torch._utils._rebuild_tensor_v2" -> {
                    return rebuildTensor(q, args, 6, 7);
                }
                case "torch._utils._rebuild_tensor" -> {
                    return rebuildTensor(q, args, 4, 4);
                }
                case "torch._utils._rebuild_parameter" -> {
                    arity(q, args, 3, 3);
                    return args[0]; // (data, requires_grad, backward_hooks): the weights are the data
                }
                case "torch._utils._rebuild_parameter_with_state" -> {
                    arity(q, args, 4, 4);
                    return args[0];
                }
                case "torch._tensor._rebuild_from_type_v2" -> {
                    // (func, new_type, args, state): a tensor subclass; keep the tensor func rebuilds.
                    arity(q, args, 4, 4);
                    if (args[0] instanceof PythonGlobal f && TENSOR_REBUILDERS.contains(canonicalName(f))) {
                        return call(f, args[2], null, q);
                    }
                }
                case "collections.OrderedDict" -> {
                    Map<Object, Object> dict = orderedDict(args);
                    if (dict != null) return dict;
                }
                case "torch.Size" -> {
                    if (args.length == 1 && args[0] instanceof Object[] sizes) return sizes;
                }
                case "builtins.set", "builtins.frozenset" -> {
                    Set<Object> set = set(args);
                    if (set != null) return set;
                }
                case "copyreg._reconstructor", "copyreg.__newobj__" -> {
                    // Protocol 0/2 helpers whose first argument is the class really being made.
                    if (args.length >= 1 && args[0] instanceof PythonGlobal cls) {
                        return new PythonObject(cls.module(), cls.name(), Arrays.copyOfRange(args, 1, args.length), null, null);
                    }
                }
                default -> {
                    Supplier<IObjectConstructor> data = DATA_CONSTRUCTORS.get(q);
                    if (data != null) {
                        try {
                            return data.get().construct(args);
                        } catch (RuntimeException e) {
                            // arguments it cannot take: keep them as a placeholder instead
                        }
                    }
                }
            }
        }
        return new PythonObject(g.module(), g.name(), args, kwargs, null);
    }

    private Object rebuildTensor(String q, Object[] args, int min, int max) {
        arity(q, args, min, max);
        if (!(args[0] instanceof StorageRef s)) {
            throw new Malformed(q, "argument 'storage': expected a storage (a persistent id ('storage', ...)), got "
                    + describeShort(args[0]));
        }
        long offset = toLong(args[1], q + " argument 'storage_offset'");
        long[] size = toLongs(args[2], q + " argument 'size'");
        long[] stride = toLongs(args[3], q + " argument 'stride'");
        long absolute;
        try {
            absolute = Math.addExact(s.offset(), offset);
        } catch (ArithmeticException e) {
            throw new Malformed(q + " argument 'storage_offset'", "offset " + offset + " overflows");
        }
        StoredTensor t = new StoredTensor(s.key(), s.dtype(), size, stride, absolute);
        origins.put(t, s);
        return t;
    }

    private static void arity(String q, Object[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            throw new Malformed(q, "expected " + (min == max ? "" + min : min + " to " + max) + " arguments, got " + args.length);
        }
    }

    /** OrderedDict() or OrderedDict(pairs); null for arguments it does not take. */
    private static Map<Object, Object> orderedDict(Object[] args) {
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (args.length == 0) return dict;
        if (args.length != 1) return null;
        if (args[0] instanceof Map<?, ?> m) {
            m.forEach((k, v) -> dict.put(hashable(k, "OrderedDict"), v));
            return dict;
        }
        Collection<?> pairs = args[0] instanceof Object[] a ? Arrays.asList(a) : args[0] instanceof List<?> l ? l : null;
        if (pairs == null) return null;
        for (Object p : pairs) {
            Object[] kv = p instanceof Object[] a ? a : p instanceof List<?> l ? l.toArray() : null;
            if (kv == null || kv.length != 2) return null;
            dict.put(hashable(kv[0], "OrderedDict"), kv[1]);
        }
        return dict;
    }

    /** set() or set(iterable); null for arguments it does not take. */
    private static Set<Object> set(Object[] args) {
        Set<Object> set = new LinkedHashSet<>();
        if (args.length == 0) return set;
        if (args.length != 1) return null;
        Collection<?> items = args[0] instanceof Object[] a ? Arrays.asList(a) : args[0] instanceof Collection<?> c ? c : null;
        if (items == null) return null;
        for (Object o : items) set.add(hashable(o, "set"));
        return set;
    }

    // ----- containers ---------------------------------------------------------------------

    private void build(Object target, Object state) {
        if (target instanceof PythonObject p) {
            p.build(state);
        } else if (target instanceof Map || target instanceof List || target instanceof Set || target instanceof StoredTensor) {
            // e.g. a state dict's _metadata (an attribute of the OrderedDict), kept beside it
            extraState.put(target, state);
        } else {
            throw new Malformed("BUILD", "cannot set state on " + describeShort(target));
        }
    }

    private static void putPairs(Object target, List<Object> items, String op) {
        if (items.size() % 2 != 0) {
            throw new Malformed(op, "expected key/value pairs, got an odd number of items (" + items.size() + ")");
        }
        for (int i = 0; i < items.size(); i += 2) setItem(target, items.get(i), items.get(i + 1), op);
    }

    private static void setItem(Object target, Object key, Object value, String op) {
        if (target instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> dict = (Map<Object, Object>) m;
            dict.put(hashable(key, op), value);
        } else if (target instanceof PythonObject p) {
            p.putItem(hashable(key, op), value);
        } else {
            throw new Malformed(op, "expected a dict to set an item on, got " + describeShort(target));
        }
    }

    private static void append(Object target, List<Object> values, String op) {
        if (target instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            for (Object v : values) list.add(unwrapNull(v));
        } else if (target instanceof PythonObject p) {
            for (Object v : values) p.addItem(unwrapNull(v));
        } else {
            throw new Malformed(op, "expected a list to append to, got " + describeShort(target));
        }
    }

    private static final Object NULL = new Object();

    private static Object wrapNull(Object o) {
        return o == null ? NULL : o;
    }

    private static Object unwrapNull(Object o) {
        return o == NULL ? null : o;
    }

    /** Python refuses lists, dicts and sets as keys; Java would hash them by content (and recurse). */
    private static Object hashable(Object key, String op) {
        if (key instanceof List || key instanceof Map || key instanceof Set) {
            throw new Malformed(op, "unhashable key or set element: " + describeShort(key));
        }
        return key;
    }

    // ----- counted reads ------------------------------------------------------------------

    private long signed4() throws IOException {
        return ByteBuffer.wrap(PickleUtils.readbytes(input, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private long unsigned4() throws IOException {
        return signed4() & 0xFFFFFFFFL;
    }

    private long unsigned8() throws IOException {
        return ByteBuffer.wrap(PickleUtils.readbytes(input, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The next {@code n} bytes, after checking that the input holds them. */
    private byte[] counted(long n, String op) throws IOException {
        if (n < 0 || n > in.remaining()) {
            throw new Malformed(op, "length " + (n < 0 ? Long.toUnsignedString(n) : n) + " runs past the end of the input ("
                    + in.remaining() + " bytes left): truncated or corrupt");
        }
        return PickleUtils.readbytes(input, (int) n);
    }

    // ----- conversions --------------------------------------------------------------------

    /** A string field; Python 2 pickles may hold it as bytes. */
    static String text(Object o, String what) {
        if (o instanceof String s) return s;
        if (o instanceof byte[] b) return new String(b, StandardCharsets.US_ASCII);
        throw new Malformed(what, "expected a string, got " + describeShort(o));
    }

    /** A storage type global's name, for messages. */
    static String typeName(Object storageType) {
        return storageType instanceof PythonGlobal g ? g.qualifiedName() : describeShort(storageType);
    }

    static long toLong(Object o, String what) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
        if (o instanceof BigInteger b && b.bitLength() < 64) return b.longValue();
        throw new Malformed(what, "expected an integer, got " + describeShort(o));
    }

    static long[] toLongs(Object o, String what) {
        Object[] items = o instanceof Object[] a ? a : o instanceof List<?> l ? l.toArray() : null;
        if (items == null) throw new Malformed(what, "expected a tuple of integers, got " + describeShort(o));
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) out[i] = toLong(items[i], what + "[" + i + "]");
        return out;
    }

    /** A one-line description that never walks into a container. */
    static String describeShort(Object o) {
        if (o == null) return "None";
        if (o instanceof String s) return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
        if (o instanceof Number || o instanceof Boolean) return o.toString();
        if (o instanceof Object[] a) return "a tuple of " + a.length;
        if (o instanceof List<?> l) return "a list of " + l.size();
        if (o instanceof Map<?, ?> m) return "a dict of " + m.size();
        if (o instanceof Set<?> s) return "a set of " + s.size();
        if (o instanceof byte[] b) return "bytes of length " + b.length;
        if (o instanceof PythonObject p) return "PythonObject[" + p.qualifiedName() + "]";
        if (o instanceof DType d) return "dtype " + d;
        if (o instanceof PythonGlobal || o instanceof StoredTensor || o instanceof StorageRef) return o.toString();
        return "a " + o.getClass().getSimpleName();
    }
}
