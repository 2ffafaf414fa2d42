package dev.dgan.runtime.checkpoint;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The Python globals a network snapshot of NVIDIA's training code names: its persistence
 * helper, torch's tensor rebuilders, storage types and dtypes, numpy scalars, EasyDict and
 * plain builtin types. The reader runs none of them (see {@link TorchUnpickler}); a name outside
 * this list is not something that code writes, and is worth a word to whoever loads the file
 * (Python's pickle would import it, and may call it).
 */
final class SnapshotGlobals {

    private SnapshotGlobals() {
    }

    /** Exact names, beside the families below. */
    private static final Set<String> NAMES = Set.of(
            "collections.OrderedDict", "dnnlib.EasyDict", "dnnlib.util.EasyDict",
            "numpy.dtype", "numpy.ndarray", "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
            "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
            "copyreg._reconstructor", "copyreg.__newobj__", "_codecs.encode",
            "builtins.object", "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.bytes",
            "builtins.complex", "builtins.int", "builtins.float", "builtins.str", "builtins.bool",
            "builtins.list", "builtins.dict", "builtins.tuple", "builtins.slice", "builtins.range");

    /**
     * Modules whose every name is expected: torch itself (dtypes, storage types, Size, device),
     * torch's rebuild helpers and nn classes, and the training code's own torch_utils package
     * (whose persistence helper carries each network).
     */
    private static final List<String> MODULES = List.of("torch", "torch._utils", "torch._tensor", "torch.storage");
    private static final List<String> FAMILIES = List.of("torch.nn.", "torch_utils.");

    /** The names of {@code named} that a snapshot of the training code does not hold, in the order given. */
    static List<String> unexpected(Collection<String> named) {
        return named.stream().filter(n -> !expected(n)).toList();
    }

    static boolean expected(String qualified) {
        if (NAMES.contains(qualified)) return true;
        int dot = qualified.lastIndexOf('.');
        String module = dot < 0 ? "" : qualified.substring(0, dot);
        return MODULES.contains(module) || FAMILIES.stream().anyMatch(f -> (module + ".").startsWith(f));
    }
}
