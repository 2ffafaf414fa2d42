package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;

/**
 * A storage as a persistent id in the pickle names it. {@code offset} and {@code numel} count
 * elements of {@code dtype}: {@code offset} is 0 except for a legacy-format storage view, which
 * covers {@code numel} elements of root storage {@code key} from {@code offset}. {@code dtype}
 * is null when {@code storageType} is not one this reader supports.
 *
 * <p>Tensors refer to storages; a StorageRef shows up in {@link TorchCheckpoint#root()} only
 * where the checkpoint holds a bare storage object.
 */
public record StorageRef(String key, String storageType, DType dtype, String location, long offset, long numel) {}
