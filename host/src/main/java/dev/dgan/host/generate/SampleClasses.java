package dev.dgan.host.generate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which class each sample of a generation run is drawn for: none (unconditional backbones),
 * one class for all, or a class-balanced run where sample i gets {@code classes[i / perClass]}.
 * The class depends on the sample index only, so shards and resumed runs agree.
 */
public sealed interface SampleClasses {

    SampleClasses NONE = new None();

    OptionalInt classOf(int index);

    /** The classes the run draws, each once, in order of first use. */
    List<Integer> distinct();

    record None() implements SampleClasses {
        @Override
        public OptionalInt classOf(int index) {
            return OptionalInt.empty();
        }

        @Override
        public List<Integer> distinct() {
            return List.of();
        }
    }

    record Fixed(int classId) implements SampleClasses {
        @Override
        public OptionalInt classOf(int index) {
            return OptionalInt.of(classId);
        }

        @Override
        public List<Integer> distinct() {
            return List.of(classId);
        }
    }

    record Balanced(List<Integer> classes, int perClass) implements SampleClasses {
        public Balanced {
            classes = List.copyOf(classes);
            if (classes.isEmpty()) throw new IllegalArgumentException("--classes: expected at least one class");
            if (perClass < 1) throw new IllegalArgumentException("--per-class must be positive, got " + perClass);
            if ((long) classes.size() * perClass > Integer.MAX_VALUE)
                throw new IllegalArgumentException("--classes x --per-class = " + (long) classes.size() * perClass + " samples, too many");
        }

        public int count() {
            return classes.size() * perClass;
        }

        @Override
        public OptionalInt classOf(int index) {
            if (index < 0 || index >= count()) throw new IndexOutOfBoundsException("sample " + index + " of " + count());
            return OptionalInt.of(classes.get(index / perClass));
        }

        @Override
        public List<Integer> distinct() {
            return List.copyOf(new LinkedHashSet<>(classes));
        }
    }
}
