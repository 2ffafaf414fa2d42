package dev.dgan.host.plugins;

import dev.dgan.api.task.AnnotatedSamples;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.runtime.Tensor;

import java.util.Map;

/** A task's trainer with every call guarded; the model it trains comes back guarded too. */
final class GuardedTrainer implements Trainer {

    private final Trainer delegate;
    private final PluginGuard guard;

    GuardedTrainer(Trainer delegate, PluginGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public void add(Map<String, Tensor> taps, Annotation target) {
        guard.run("add", () -> delegate.add(taps, target));
    }

    @Override
    public Trained fit(TrainingListener listener) {
        return guarded("fit", guard.call("fit", () -> delegate.fit(listener)));
    }

    @Override
    public Trained fit(AnnotatedSamples samples, TrainingListener listener) {
        return guarded("fit", guard.call("fit", () -> delegate.fit(samples, listener)));
    }

    @Override
    public Trained untrained() {
        return guarded("untrained", guard.call("untrained", delegate::untrained));
    }

    @Override
    public void close() {
        guard.run("close", delegate::close);
    }

    private Trained guarded(String call, Trained trained) {
        guard.nonNull(call, trained, "the trained model and its report");
        return new Trained(new GuardedInterpreter(guard.nonNull(call, trained.interpreter(), "a trained Interpreter"), guard),
                trained.report());
    }
}
