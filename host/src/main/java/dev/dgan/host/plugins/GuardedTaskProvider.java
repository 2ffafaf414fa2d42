package dev.dgan.host.plugins;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.AnnotationReader;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.TaskOption;
import dev.dgan.api.task.TaskOutputs;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A plugin's task as the host holds it: each call guarded, what it hands out (reader, trainer,
 * model, outputs, metric) guarded in turn, and name, description and the default flag read
 * once at registration, so choosing a task never runs another task's code.
 */
final class GuardedTaskProvider implements TaskProvider {

    private final TaskProvider delegate;
    private final PluginGuard guard;
    private final String name;
    private final String description;
    private final boolean isDefault;

    private GuardedTaskProvider(TaskProvider delegate, PluginGuard guard, String name, String description, boolean isDefault) {
        this.delegate = delegate;
        this.guard = guard;
        this.name = name;
        this.description = description;
        this.isDefault = isDefault;
    }

    static GuardedTaskProvider register(TaskProvider provider, PluginOrigin origin) {
        PluginGuard registering = new PluginGuard(origin, "task provider " + provider.getClass().getName());
        String name = registering.name(registering.call("name", provider::name), "--task");
        PluginGuard guard = new PluginGuard(origin, "task " + name);
        String description = guard.call("description", provider::description);
        boolean isDefault = guard.call("isDefault", provider::isDefault);
        return new GuardedTaskProvider(provider, guard, name, description == null ? "" : description, isDefault);
    }

    PluginOrigin origin() {
        return guard.origin();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isDefault() {
        return isDefault;
    }

    @Override
    public AnnotationReader annotations() {
        return new GuardedAnnotationReader(guard.nonNull("annotations", guard.call("annotations", delegate::annotations),
                "an AnnotationReader"), guard);
    }

    @Override
    public TaskOutputs outputs(Interpreter model) {
        // the task gets its own model back, not the host's wrapper: it may rely on its own type
        Interpreter own = model instanceof GuardedInterpreter g ? g.delegate() : model;
        return new GuardedTaskOutputs(guard.nonNull("outputs", guard.call("outputs", () -> delegate.outputs(own)), "TaskOutputs"), guard);
    }

    @Override
    public Optional<CrossValidationMetric> crossValidation() {
        Optional<CrossValidationMetric> metric = guard.nonNull("crossValidation", guard.call("crossValidation", delegate::crossValidation),
                "a metric or Optional.empty()");
        return metric.map(m -> new GuardedMetric(m, guard));
    }

    @Override
    public List<TaskOption> options() {
        return guard.nonNull("options", guard.call("options", delegate::options), "a list of options");
    }

    @Override
    public List<FeatureTap> defaultTaps(BackboneInfo backbone) {
        return guard.nonNull("defaultTaps", guard.call("defaultTaps", () -> delegate.defaultTaps(backbone)), "a list of taps");
    }

    @Override
    public Trainer trainer(TrainingSpec spec) {
        return new GuardedTrainer(guard.nonNull("trainer", guard.call("trainer", () -> delegate.trainer(spec)), "a Trainer"), guard);
    }

    @Override
    public Interpreter load(Path modelDir, Device device) throws IOException {
        Interpreter model = guard.io("load", () -> delegate.load(modelDir, device));
        return new GuardedInterpreter(guard.nonNull("load", model, "an Interpreter"), guard);
    }

    @Override
    public Interpreter load(Path modelDir, Device device, Precision precision) throws IOException {
        Interpreter model = guard.io("load", () -> delegate.load(modelDir, device, precision));
        return new GuardedInterpreter(guard.nonNull("load", model, "an Interpreter"), guard);
    }
}
