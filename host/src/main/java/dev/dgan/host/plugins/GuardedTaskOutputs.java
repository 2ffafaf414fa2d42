package dev.dgan.host.plugins;

import dev.dgan.api.task.CocoForm;
import dev.dgan.api.task.LabeledSample;
import dev.dgan.api.task.SampleFolder;
import dev.dgan.api.task.TaskOutputs;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A task's dataset writers with every call guarded, the COCO reader-back included. */
final class GuardedTaskOutputs implements TaskOutputs {

    private final TaskOutputs delegate;
    private final PluginGuard guard;

    GuardedTaskOutputs(TaskOutputs delegate, PluginGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public List<Folder> folders() {
        return guard.nonNull("folders", guard.call("folders", delegate::folders), "a list of folders");
    }

    @Override
    public Map<String, Object> write(LabeledSample sample, SampleFolder folder) throws IOException {
        return guard.nonNull("write", guard.io("write", () -> delegate.write(sample, folder)), "the sample's metadata fields");
    }

    @Override
    public CocoForm coco() {
        return switch (guard.nonNull("coco", guard.call("coco", delegate::coco), "a CocoForm")) {
            case CocoForm.None none -> none;
            case CocoForm.ClassMaps maps -> new CocoForm.ClassMaps((dataset, metadata) ->
                    guard.nonNull("coco read", guard.io("coco read", () -> maps.read().read(dataset, metadata)), "the sample's label map"));
            case CocoForm.Keypoints points -> new CocoForm.Keypoints((dataset, metadata) ->
                    guard.nonNull("coco read", guard.io("coco read", () -> points.read().read(dataset, metadata)), "the sample's keypoints"));
        };
    }
}
