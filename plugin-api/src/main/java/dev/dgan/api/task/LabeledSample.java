package dev.dgan.api.task;

import dev.dgan.api.SampleId;

import java.awt.image.BufferedImage;

/** One generated sample as the task's writers see it: who it is in the run, what the interpreter made of it, and its image. */
public record LabeledSample(SampleId id, Labeled labeled, BufferedImage image) {

    /** The sample's index in the run, which names its files. */
    public int index() {
        return id.index();
    }
}
