package dev.dgan.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the loaded libtorch's stable C ABI offers beyond the symbols every supported release
 * (2.10 and newer) has. The stable ABI grows release by release; where a symbol is missing the
 * runtime takes a fallback, and this record says which. Nothing here ever calls a missing symbol.
 */
public record AbiFeatures(long abiVersion, Set<String> missing) {

    /** torch_exception_get_what_without_backtrace: libtorch's message for a failed call. */
    public static final String ERROR_TEXT = "torch_exception_get_what_without_backtrace";
    /** torch_new_stable_ivalue / torch_delete_stable_ivalue: heap boxes for optional arguments. */
    public static final String NEW_BOX = "torch_new_stable_ivalue";
    public static final String DELETE_BOX = "torch_delete_stable_ivalue";
    /** torch_new_generator_handle / torch_delete_generator: generators as dispatcher arguments. */
    public static final String NEW_GENERATOR = "torch_new_generator_handle";
    public static final String DELETE_GENERATOR = "torch_delete_generator";

    /** The symbols a libtorch may lack, each with the fallback the runtime takes instead. */
    static final Map<String, String> FALLBACKS = fallbacks();

    public AbiFeatures {
        missing = Set.copyOf(missing);
    }

    private static Map<String, String> fallbacks() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(ERROR_TEXT, "error messages name the failed call; libtorch prints its own text on stderr");
        f.put(NEW_BOX, "optional arguments are boxed with C++ operator new, as the dispatcher of this release frees them");
        f.put(DELETE_BOX, "unused optional boxes are freed with C++ operator delete");
        f.put(NEW_GENERATOR, "a generator's state is lent to the default CPU generator for each draw (the same numbers per seed)");
        f.put(DELETE_GENERATOR, "a generator is held as its state tensor and freed as one");
        return Map.copyOf(f);
    }

    public boolean has(String symbol) {
        return !missing.contains(symbol);
    }

    public boolean errorText() {
        return has(ERROR_TEXT);
    }

    public boolean stableBoxes() {
        return has(NEW_BOX) && has(DELETE_BOX);
    }

    public boolean generatorHandles() {
        return has(NEW_GENERATOR) && has(DELETE_GENERATOR);
    }

    /** One line per optional symbol: on, or off with the fallback taken. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (String symbol : List.of(ERROR_TEXT, NEW_BOX, DELETE_BOX, NEW_GENERATOR, DELETE_GENERATOR)) {
            lines.add(has(symbol) ? symbol + ": present"
                    : symbol + ": missing in " + LibTorch.versionString(abiVersion) + "; " + FALLBACKS.get(symbol));
        }
        return lines;
    }
}
