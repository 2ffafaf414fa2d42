package dev.dgan.host;

import dev.dgan.api.task.Precision;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tf32;
import picocli.CommandLine.Option;

/** {@code --precision}, shared by every command that labels generated images. */
final class PrecisionOption {

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "Arithmetic of the labeling: fp32, tf32 (CUDA matmuls and convolutions may use TF32; no effect on the CPU)"
                    + " or bf16 (the task's interpreter computes in bfloat16, logits in float32; the image stays float32). Default ${DEFAULT-VALUE}.")
    String precision;

    /** The precision, parsed; commands call this first, so a bad value is the one line a user sees. */
    Precision parse() {
        return Precision.parse(precision, "--precision");
    }

    /**
     * Makes the loaded libtorch compute as {@code p} asks: for tf32 its TF32 flags are switched
     * on (they are off by default, and only tf32 needs their symbols, so other precisions never
     * look them up). The interpreter's own precision travels with its load call instead.
     */
    static void configure(Precision p) {
        if (p == Precision.TF32) Tf32.allow(true);
    }

    /** How the summary lines name it: tf32 on the CPU says that it changes nothing there. */
    static String describe(Precision p, Device device) {
        return p == Precision.TF32 && device.isCpu() ? "tf32 (no effect on cpu)" : p.cliName();
    }
}
