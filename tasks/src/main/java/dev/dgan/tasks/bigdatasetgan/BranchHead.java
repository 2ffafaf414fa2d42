package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.runtime.Tensor;

import java.util.List;
import java.util.Map;

/**
 * One trained (or trainable) head of the branch, whichever architecture: it owns its tensors,
 * turns one batch of inputs (as its {@link HeadShape#prepare} lays them out) into logits
 * [N, outputs, r, r], and names its tensors as they are saved.
 */
public interface BranchHead extends AutoCloseable {

    /**
     * Logits from the inputs and, for a class-conditional head, the class embeddings [N, dim]
     * (null otherwise). In training, normalisation statistics and power-iteration vectors
     * update; computes in the inputs' element type.
     */
    Tensor forward(List<Tensor> inputs, Tensor embedding, boolean training);

    /** Every tensor, in layout order (borrowed). */
    Map<String, Tensor> tensors();

    /** The tensors Adam updates (borrowed). */
    List<Tensor> parameters();

    @Override
    void close();
}
