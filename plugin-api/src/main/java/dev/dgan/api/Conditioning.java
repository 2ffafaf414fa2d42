package dev.dgan.api;

/** Whether a backbone takes a class label. */
public sealed interface Conditioning {

    record Unconditional() implements Conditioning {
    }

    /** Class-conditional over {@code classes} labels 0..classes-1. */
    record ClassLabels(int classes) implements Conditioning {
        public ClassLabels {
            if (classes <= 0) throw new IllegalArgumentException("class count must be positive, got " + classes);
        }
    }

    Conditioning NONE = new Unconditional();

    default boolean isConditional() {
        return this instanceof ClassLabels;
    }
}
