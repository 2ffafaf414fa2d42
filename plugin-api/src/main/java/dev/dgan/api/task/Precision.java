package dev.dgan.api.task;

import dev.dgan.runtime.DType;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The arithmetic a task's interpreter labels with. The backbone always runs in float32, so
 * the generated image does not depend on this; only the labels (and their uncertainty) can.
 *
 * <ul>
 *   <li>{@link #FP32}: float32 throughout.</li>
 *   <li>{@link #TF32}: float32 tensors, but CUDA matmuls and convolutions may round their
 *       inputs to TF32 (a process-wide libtorch setting the host makes). No effect on the CPU.</li>
 *   <li>{@link #BF16}: the interpreter's heavy products run in bfloat16 (features and weights
 *       cast); logits return to float32 before softmax, vote and Jensen-Shannon.</li>
 * </ul>
 */
public enum Precision {
    FP32, TF32, BF16;

    /** The name users type, lower case. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The element type of the interpreter's matmuls and convolutions. */
    public DType computeType() {
        return this == BF16 ? DType.BF16 : DType.F32;
    }

    /** Every choice, as users type them: "fp32, tf32, bf16". */
    public static String choices() {
        return Arrays.stream(values()).map(Precision::cliName).collect(Collectors.joining(", "));
    }

    /** Parses a user's value (case-insensitive); {@code option} names it in the one-line error. */
    public static Precision parse(String value, String option) {
        for (Precision p : values()) if (p.cliName().equalsIgnoreCase(value == null ? "" : value.trim())) return p;
        throw new IllegalArgumentException(option + ": expected one of " + choices() + ", got '" + value + "'");
    }
}
