package dev.dgan.host.plugins;

import dev.dgan.api.BackboneProvider;
import dev.dgan.api.TaskProvider;

import java.util.List;

/** A started plugin and the extensions it contributed. */
public record LoadedPlugin(String id, String version, String description,
                           List<BackboneProvider> backbones, List<TaskProvider> tasks) {

    public LoadedPlugin {
        backbones = List.copyOf(backbones);
        tasks = List.copyOf(tasks);
    }
}
