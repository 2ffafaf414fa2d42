package dev.dgan.runtime;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many ATen operators this process has run through libtorch's dispatcher. On a GPU each is
 * at least one kernel launch (a few microseconds of CPU time each), so calls per image is what
 * a fused path tries to keep small; {@code dgan bench} reports it.
 */
public final class DispatcherCalls {

    static final LongAdder COUNT = new LongAdder();

    private DispatcherCalls() {}

    public static long count() {
        return COUNT.sum();
    }
}
