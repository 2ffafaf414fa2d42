package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names of torch's storage types and dtypes as pickles spell them, and their {@link DType}. */
final class TorchTypes {

    private TorchTypes() {}

    /** Storage classes ({@code torch.FloatStorage} ...), as torch's loader accepts them: by class name. */
    static final Map<String, DType> STORAGE_TYPES = new LinkedHashMap<>();

    /** {@code torch.float32} and friends: pickled as the global {@code torch.<name>}. */
    static final Map<String, DType> DTYPES = new LinkedHashMap<>();

    static {
        STORAGE_TYPES.put("FloatStorage", DType.F32);
        STORAGE_TYPES.put("HalfStorage", DType.F16);
        STORAGE_TYPES.put("BFloat16Storage", DType.BF16);
        STORAGE_TYPES.put("DoubleStorage", DType.F64);
        STORAGE_TYPES.put("LongStorage", DType.I64);
        STORAGE_TYPES.put("IntStorage", DType.I32);
        STORAGE_TYPES.put("ShortStorage", DType.I16);
        STORAGE_TYPES.put("CharStorage", DType.I8);
        STORAGE_TYPES.put("ByteStorage", DType.U8);
        STORAGE_TYPES.put("BoolStorage", DType.BOOL);
        STORAGE_TYPES.put("UntypedStorage", DType.U8); // torch.load: an UntypedStorage holds uint8

        DTYPES.put("float32", DType.F32);
        DTYPES.put("float", DType.F32);
        DTYPES.put("float16", DType.F16);
        DTYPES.put("half", DType.F16);
        DTYPES.put("bfloat16", DType.BF16);
        DTYPES.put("float64", DType.F64);
        DTYPES.put("double", DType.F64);
        DTYPES.put("int64", DType.I64);
        DTYPES.put("long", DType.I64);
        DTYPES.put("int32", DType.I32);
        DTYPES.put("int", DType.I32);
        DTYPES.put("int16", DType.I16);
        DTYPES.put("short", DType.I16);
        DTYPES.put("int8", DType.I8);
        DTYPES.put("uint8", DType.U8);
        DTYPES.put("bool", DType.BOOL);
    }

    /**
     * The module name a global is looked up under: Python 2 names as Python 3's pickle maps them
     * ({@code __builtin__} -> {@code builtins}, {@code copy_reg} -> {@code copyreg}), and
     * {@code torch.tensor} -> {@code torch._tensor} as torch.load does.
     */
    static String canonicalModule(String module) {
        return switch (module) {
            case "__builtin__" -> "builtins";
            case "copy_reg" -> "copyreg";
            case "torch.tensor" -> "torch._tensor";
            default -> module;
        };
    }

    /** Whether a storage type global is in a module torch keeps storage classes in. */
    static boolean isStorageModule(String module) {
        return module.equals("torch") || module.equals("torch.storage") || module.equals("torch.cuda");
    }

    /** The element type of a storage type global, or null when it is not a supported one. */
    static DType storageDType(Object storageType) {
        if (storageType instanceof PythonGlobal g && isStorageModule(g.module())) {
            return STORAGE_TYPES.get(g.name());
        }
        return null;
    }

    static String supportedStorageTypes() {
        return "torch." + String.join(", torch.", STORAGE_TYPES.keySet());
    }
}
