package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/** What the model loaders do with a checkpoint, for the fuzz tests of its formats. */
final class CheckpointReads {

    /**
     * Tensors up to this many bytes are loaded into libtorch; larger ones are only validated, so
     * that one input cannot spend the run allocating (a tensor of stride 0 may declare any size).
     */
    static final long LOAD_LIMIT = 1 << 20;

    private CheckpointReads() {}

    /** Reads {@code file}: every tensor indexed and validated, the small ones loaded, then the state dict picked. */
    static void torchCheckpoint(Path file) throws IOException {
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            for (StoredTensor t : ck.tensors().values()) {
                if (byteSize(t) <= LOAD_LIMIT) {
                    try (Tensor loaded = ck.load(t)) {
                        loaded.shape();
                    }
                }
            }
            ck.stateDict();
        }
    }

    /** Reads {@code file}: every network's state dict listed, and loaded when it is small. */
    static void nvidiaSnapshot(Path file) throws IOException {
        NvidiaSnapshot snapshot = NvidiaSnapshot.read(file);
        snapshot.data();
        for (String key : snapshot.networks()) {
            SnapshotModule network = snapshot.network(key);
            network.initKwargs();
            network.attributes();
            Map<String, StoredTensor> stateDict = network.stateDict();
            if (byteSize(stateDict.values()) <= LOAD_LIMIT) {
                network.loadStateDict().values().forEach(Tensor::close);
            }
        }
    }

    /** Elements times element size; validated tensors cannot overflow it, the rest counts as too large. */
    static long byteSize(StoredTensor t) {
        try {
            return Math.multiplyExact(t.numel(), (long) t.dtype().byteSize());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long byteSize(Collection<StoredTensor> tensors) {
        long sum = 0;
        for (StoredTensor t : tensors) sum = Math.min(Long.MAX_VALUE / 2, sum + byteSize(t));
        return sum;
    }

    /** The bytes of a file a test helper wrote. */
    static byte[] bytesOf(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
