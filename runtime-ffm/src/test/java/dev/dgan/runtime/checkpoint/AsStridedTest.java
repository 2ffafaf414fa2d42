package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TorchException;
import org.junit.jupiter.api.Test;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.iota;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Ops#asStrided}, which the checkpoint reader uses for non-contiguous tensors. */
class AsStridedTest {

    @Test
    void viewsTheStorageWithTheGivenStridesAndOffset() {
        long live = Tensor.liveCount();
        try (Tensor base = Tensor.of(iota(12), 12);
             Tensor view = Ops.asStrided(base, new long[] {3, 2}, new long[] {1, 3}, 1);
             Tensor dense = Ops.contiguous(view)) {
            assertArrayEquals(new long[] {3, 2}, view.shape());
            assertArrayEquals(new long[] {1, 3}, view.strides());
            assertFalse(view.isContiguous());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, dense.toFloatArray());
            assertArrayEquals(TorchCheckpointTensorTest.gather(iota(12), 1, new long[] {3, 2}, new long[] {1, 3}),
                    view.toFloatArray());
            // it is a view: writing through the base shows in it
            Ops.fill_(base, 7);
            assertArrayEquals(new float[] {7, 7, 7, 7, 7, 7}, view.toFloatArray());
        }
        assertEquals(live, Tensor.liveCount());
    }

    @Test
    void argumentsAreCheckedInJavaAndBoundsByLibtorch() {
        long live = Tensor.liveCount();
        try (Tensor base = Tensor.of(iota(4), 4)) {
            assertThrows(IllegalArgumentException.class, () -> Ops.asStrided(base, new long[] {2}, new long[] {1, 1}, 0));
            assertThrows(IllegalArgumentException.class, () -> Ops.asStrided(base, new long[] {-1}, new long[] {1}, 0));
            assertThrows(IllegalArgumentException.class, () -> Ops.asStrided(base, new long[] {2}, new long[] {-1}, 0));
            assertThrows(IllegalArgumentException.class, () -> Ops.asStrided(base, new long[] {2}, new long[] {1}, -1));
            assertThrows(TorchException.class, () -> Ops.asStrided(base, new long[] {4}, new long[] {2}, 0), "past the storage");
        }
        assertEquals(live, Tensor.liveCount());
    }
}
