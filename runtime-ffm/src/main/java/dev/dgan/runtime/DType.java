package dev.dgan.runtime;

import java.util.Arrays;
import java.util.Optional;

/**
 * Element types a tensor can hold, with the codes libtorch's stable ABI uses
 * ({@code aoti_torch_dtype_*}, which are c10::ScalarType values) and the names safetensors uses.
 */
public enum DType {
    U8(0, 1, "U8"),
    I8(1, 1, "I8"),
    I16(2, 2, "I16"),
    I32(3, 4, "I32"),
    I64(4, 8, "I64"),
    F16(5, 2, "F16"),
    F32(6, 4, "F32"),
    F64(7, 8, "F64"),
    BOOL(11, 1, "BOOL"),
    BF16(15, 2, "BF16");

    private final int torchCode;
    private final int byteSize;
    private final String safetensorsName;

    DType(int torchCode, int byteSize, String safetensorsName) {
        this.torchCode = torchCode;
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
    }

    /** c10::ScalarType value, as returned by {@code aoti_torch_dtype_*()}. */
    public int torchCode() {
        return torchCode;
    }

    public int byteSize() {
        return byteSize;
    }

    public String safetensorsName() {
        return safetensorsName;
    }

    public boolean isFloatingPoint() {
        return this == F16 || this == F32 || this == F64 || this == BF16;
    }

    public static DType fromTorchCode(int code) {
        for (DType t : values()) {
            if (t.torchCode == code) return t;
        }
        throw new IllegalArgumentException("unsupported libtorch scalar type code " + code
                + " (supported: " + Arrays.toString(values()) + ")");
    }

    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
