package dev.dgan.host.bench;

import java.util.Locale;

/**
 * The machine a bench ran on. {@code cpu} is the model name the OS reports (null where it
 * reports none); {@code gpu} is null unless the bench ran on a CUDA device.
 */
public record Machine(String cpu, String arch, int processors, long memoryBytes, String os, String gpu) {

    /** One line for the mismatch check and the table's header: model, architecture, processors, memory. */
    public String describe() {
        return (cpu == null ? "" : cpu + ", ") + arch + ", " + processors + " processors, "
                + String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (double) (1L << 30));
    }
}
