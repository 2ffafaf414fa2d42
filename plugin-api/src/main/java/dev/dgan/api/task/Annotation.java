package dev.dgan.api.task;

/**
 * What a person (or a rule) marked on one generated sample. Open: a task plugin may read its
 * own kind with its {@link AnnotationReader}.
 */
public interface Annotation {

    int width();

    int height();
}
