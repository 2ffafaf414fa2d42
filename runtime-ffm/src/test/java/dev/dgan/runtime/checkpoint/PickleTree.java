package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import net.razorvine.pickle.objects.ComplexNumber;
import net.razorvine.pickle.objects.Time;
import net.razorvine.pickle.objects.TimeDelta;

import java.util.ArrayDeque;
import java.util.Calendar;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unpickler's promise as a check: every value it builds is plain data of the forms
 * {@link TorchCheckpoint} lists, or one of razorvine's pure-data values. An object of any other
 * class would mean a pickle made the reader construct something it never meant to.
 */
final class PickleTree {

    /** Plain data, the reader's own records, and what razorvine's data constructors return. */
    private static final List<Class<?>> ALLOWED = List.of(String.class, Boolean.class, Number.class, byte[].class,
            Object[].class, List.class, Map.class, Set.class, StoredTensor.class, StorageRef.class, DType.class,
            PythonGlobal.class, PythonObject.class, ComplexNumber.class, Calendar.class, Time.class, TimeDelta.class,
            char[].class, short[].class, int[].class, long[].class, float[].class, double[].class);

    private PickleTree() {}

    /** Throws AssertionError naming the first value of a class outside {@link #ALLOWED}. */
    static void requirePlainData(Object root, Map<Object, Object> extraState) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(root == null ? "" : root);
        extraState.values().forEach(v -> todo.push(v == null ? "" : v));
        while (!todo.isEmpty()) {
            Object v = todo.pop();
            if (!seen.add(v)) continue;
            if (ALLOWED.stream().noneMatch(c -> c.isInstance(v))) {
                throw new AssertionError("the unpickler built a " + v.getClass().getName() + ": " + v);
            }
            switch (v) {
                case Object[] a -> {
                    for (Object o : a) todo.push(nonNull(o));
                }
                case Iterable<?> i -> i.forEach(o -> todo.push(nonNull(o)));
                case Map<?, ?> m -> m.forEach((k, o) -> {
                    todo.push(nonNull(k));
                    todo.push(nonNull(o));
                });
                case PythonObject p -> {
                    todo.push(p.args());
                    todo.push(p.kwargs());
                    todo.push(p.dictItems());
                    todo.push(p.listItems());
                    todo.push(nonNull(p.state()));
                    if (p.calledOn() != null) todo.push(p.calledOn());
                }
                default -> { }
            }
        }
    }

    /** Null leaves stand for None and need no check; the deque takes no nulls. */
    private static Object nonNull(Object o) {
        return o == null ? "" : o;
    }
}
