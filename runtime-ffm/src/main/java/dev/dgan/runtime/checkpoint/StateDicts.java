package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A model's state dict from either kind of weights file, by its name: {@code .safetensors}
 * (tensors over the mapping) or a torch.save checkpoint ({@code .pt}, {@code .pth},
 * {@code .bin}, {@code .ckpt}; loaded). The tensors are only lent to {@code build}, which must
 * copy what it keeps; they are closed, and the file with them, when it returns or throws.
 */
public final class StateDicts {

    @FunctionalInterface
    public interface Builder<T> {
        T build(Map<String, Tensor> stateDict) throws IOException;
    }

    private StateDicts() {}

    /** {@code preferredKeys} pick the dict inside a torch.save checkpoint, see {@link TorchCheckpoint#stateDict(String...)}. */
    public static <T> T read(Path file, Builder<T> build, String... preferredKeys) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                return buildAndClose(file, f.tensors(), build);
            }
        }
        return buildAndClose(file, TorchCheckpoint.stateDict(file, preferredKeys), build);
    }

    private static <T> T buildAndClose(Path file, Map<String, Tensor> stateDict, Builder<T> build) throws IOException {
        try {
            FiniteValues.require(file.toString(), stateDict);
            return build.build(stateDict);
        } finally {
            stateDict.values().forEach(Tensor::close);
        }
    }
}
