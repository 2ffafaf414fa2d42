package dev.dgan.runtime.checkpoint;

import net.razorvine.pickle.UnpickleStack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * razorvine's unpickler stack, except that its MARK object never comes back as a value. razorvine
 * pushes a plain {@code new Object()} for MARK and its pop and peek hand it out like any value, so
 * a pickle such as {@code MARK STOP} or {@code EMPTY_LIST MARK APPEND} would put that internal
 * object into the tree. Python's unpickler keeps marks apart from values and rejects both; so
 * does this stack. POP may still drop a mark, as Python's does.
 */
final class MarkCheckedStack extends UnpickleStack {

    @Override
    public Object pop() {
        Object value = super.pop();
        if (value == MARKER) throw markInsteadOfValue();
        return value;
    }

    @Override
    public Object peek() {
        Object value = super.peek();
        if (value == MARKER) throw markInsteadOfValue();
        return value;
    }

    /** POP: the top item, value or mark. */
    void popValueOrMark() {
        super.pop();
    }

    @Override
    public List<Object> pop_all_since_marker() {
        List<Object> items = new ArrayList<>();
        for (Object o = super.pop(); o != MARKER; o = super.pop()) items.add(o);
        Collections.reverse(items);
        return items;
    }

    private static TorchUnpickler.Malformed markInsteadOfValue() {
        return new TorchUnpickler.Malformed("MARK", "expected a value on the stack, found a mark: a MARK that no opcode"
                + " consumed (TUPLE, LIST, DICT, APPENDS, SETITEMS ...)");
    }
}
