package dev.dgan.api;

import java.util.List;

/** Whether a backbone takes a class label. */
public sealed interface Conditioning {

    record Unconditional() implements Conditioning {
    }

    /**
     * Class-conditional over {@code classes} labels 0..classes-1.
     *
     * @param names a display name per class id when the label set is known (e.g. ImageNet's
     *              1000 classes, see {@link ImageNetClasses}), else empty
     */
    record ClassLabels(int classes, List<String> names) implements Conditioning {
        public ClassLabels {
            if (classes <= 0) throw new IllegalArgumentException("class count must be positive, got " + classes);
            names = List.copyOf(names);
            if (!names.isEmpty() && names.size() != classes) {
                throw new IllegalArgumentException("class names: expected none or one per class (" + classes + "), got "
                        + names.size());
            }
        }

        /** Classes without names. */
        public ClassLabels(int classes) {
            this(classes, List.of());
        }

        /** The display name of class {@code id}, or the id itself when the classes have no names. */
        public String name(int id) {
            if (id < 0 || id >= classes) {
                throw new IllegalArgumentException("class id " + id + " out of range 0.." + (classes - 1));
            }
            return names.isEmpty() ? Integer.toString(id) : names.get(id);
        }
    }

    Conditioning NONE = new Unconditional();

    default boolean isConditional() {
        return this instanceof ClassLabels;
    }
}
