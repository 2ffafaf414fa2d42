package dev.dgan.api.task;

/** A {@code -O KEY=VALUE} option a task accepts, for {@code dgan train --help}. */
public record TaskOption(String key, String meaning) {}
