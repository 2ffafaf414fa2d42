package dev.dgan.api.task;

import java.awt.image.BufferedImage;

/** One generated sample as the task's writers see it: its index in the run, what the interpreter made of it, and its image. */
public record LabeledSample(int index, Labeled labeled, BufferedImage image) {}
