package dev.dgan.host.plugins;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.runtime.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** A task's model whose every call is guarded (see {@link PluginGuard}); one method per method, nothing else. */
final class GuardedInterpreter implements Interpreter {

    private final Interpreter delegate;
    private final PluginGuard guard;

    GuardedInterpreter(Interpreter delegate, PluginGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    /** The task's own model, for handing back to its task. */
    Interpreter delegate() {
        return delegate;
    }

    @Override
    public String task() {
        return guard.nonNull("task", guard.call("task", delegate::task), "the task's name");
    }

    @Override
    public List<String> labels() {
        return guard.nonNull("labels", guard.call("labels", delegate::labels), "the label names");
    }

    @Override
    public List<FeatureTap> taps() {
        return guard.nonNull("taps", guard.call("taps", delegate::taps), "the taps the model reads");
    }

    @Override
    public int width() {
        return guard.call("width", delegate::width);
    }

    @Override
    public int height() {
        return guard.call("height", delegate::height);
    }

    @Override
    public List<Labeled> label(Map<String, Tensor> taps) {
        return guard.nonNull("label", guard.call("label", () -> delegate.label(taps)), "one result per batch element");
    }

    @Override
    public List<Labeled.WithPixelUncertainty> labelWithUncertainty(Map<String, Tensor> taps) {
        return guard.nonNull("labelWithUncertainty", guard.call("labelWithUncertainty", () -> delegate.labelWithUncertainty(taps)),
                "one result per batch element");
    }

    @Override
    public void save(Path dir) throws IOException {
        guard.ioRun("save", () -> delegate.save(dir));
    }

    @Override
    public void close() {
        guard.run("close", delegate::close);
    }

    @Override
    public OptionalDouble flopsPerImage() {
        return guard.nonNull("flopsPerImage", guard.call("flopsPerImage", delegate::flopsPerImage), "a count or OptionalDouble.empty()");
    }
}
