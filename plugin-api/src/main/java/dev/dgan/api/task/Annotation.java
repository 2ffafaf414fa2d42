package dev.dgan.api.task;

/** What a person (or a rule) marked on one generated sample. */
public sealed interface Annotation permits LabelMap, KeypointSet {

    int width();

    int height();
}
