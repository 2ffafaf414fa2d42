package dev.dgan.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees every tensor created on this thread while it is open, so a loop body cannot leak
 * intermediates: {@code try (var s = TensorScope.open()) { ...; return s.keep(result); }}.
 * Scopes nest; {@link #keep} hands a tensor to the enclosing scope (or to no scope, making
 * the caller its owner). Tensors closed early are simply skipped.
 */
public final class TensorScope implements AutoCloseable {

    private static final ThreadLocal<ArrayDeque<TensorScope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final List<Tensor> tensors = new ArrayList<>();
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private TensorScope() {}

    public static TensorScope open() {
        TensorScope s = new TensorScope();
        OPEN.get().push(s);
        return s;
    }

    static void adopt(Tensor t) {
        TensorScope s = OPEN.get().peek();
        if (s != null) s.add(t);
    }

    private void add(Tensor t) {
        t.owner = this;
        tensors.add(t);
    }

    /** Moves {@code t} out of this scope to the enclosing one (or none) and returns it. */
    public Tensor keep(Tensor t) {
        if (t.owner != this) throw new IllegalArgumentException("tensor " + t + " is not owned by this scope");
        t.owner = null;
        ArrayDeque<TensorScope> stack = OPEN.get();
        // The enclosing scope is the one below this in the stack.
        boolean below = false;
        for (TensorScope s : stack) {
            if (below) {
                s.add(t);
                break;
            }
            below = s == this;
        }
        return t;
    }

    /**
     * Takes {@code t} out of whichever scope owns it (if any), so it lives until closed
     * explicitly: for long-lived state such as model weights built while a caller's scope is
     * open. Returns {@code t}.
     */
    public static Tensor release(Tensor t) {
        t.owner = null; // the scope that listed it skips tensors it no longer owns
        return t;
    }

    /** Number of tensors this scope still owns and has not freed. */
    public int liveCount() {
        int n = 0;
        for (Tensor t : tensors) if (t.owner == this && !t.isClosed()) n++;
        return n;
    }

    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("TensorScope opened on " + thread + " closed on " + Thread.currentThread());
        }
        ArrayDeque<TensorScope> stack = OPEN.get();
        if (stack.peek() != this) {
            // checked before marking closed, so the scope can still be closed once the inner ones are
            throw new IllegalStateException("TensorScopes must close innermost first");
        }
        closed = true;
        stack.pop();
        RuntimeException first = null;
        for (Tensor t : tensors) {
            if (t.owner != this) continue;
            t.owner = null;
            try {
                t.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        tensors.clear();
        if (first != null) throw first;
    }
}
