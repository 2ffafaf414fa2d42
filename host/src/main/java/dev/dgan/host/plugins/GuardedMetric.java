package dev.dgan.host.plugins;

import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.Labeled;

import java.util.List;

/** A task's cross-validation metric, and each tally it makes, with every call guarded. */
final class GuardedMetric implements CrossValidationMetric {

    private final CrossValidationMetric delegate;
    private final PluginGuard guard;

    GuardedMetric(CrossValidationMetric delegate, PluginGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public String name() {
        return guard.nonNull("crossValidation name", guard.call("crossValidation name", delegate::name), "the score's name");
    }

    @Override
    public Tally tally(List<String> labels) {
        Tally tally = guard.nonNull("tally", guard.call("tally", () -> delegate.tally(labels)), "an empty Tally");
        return new Tally() {
            @Override
            public void add(Annotation truth, Labeled predicted) {
                guard.run("tally add", () -> tally.add(truth, predicted));
            }

            @Override
            public double score() {
                return guard.call("tally score", tally::score);
            }

            @Override
            public Object details() {
                return guard.call("tally details", tally::details);
            }
        };
    }
}
