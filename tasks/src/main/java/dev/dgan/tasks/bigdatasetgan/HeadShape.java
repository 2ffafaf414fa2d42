package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Tensor;

import java.util.Map;

/**
 * The sizes of one branch architecture, and what follows from them: how the backbone's taps
 * are laid out for it, how a head is built fresh or from stored tensors, and its cost.
 * {@link BranchShape} is BigDatasetGAN's BigGAN head, {@link VqShape} its VQGAN head.
 */
public sealed interface HeadShape permits BranchShape, VqShape {

    /** The {@code head} option value that selects this architecture. */
    String head();

    /** Logits per pixel: 1 for foreground/background, else one per class. */
    int outputs();

    /** Side of the logits. */
    int resolution();

    /** Floating-point operations of one forward pass for one sample (a multiply-add counts 2). */
    long flops();

    /** How many tensors one head stores. */
    int tensorCount();

    /** A fresh head, initialised from {@code g} as PyTorch initialises its layers; parameters require gradients. */
    BranchHead initialized(Generator g, Device device);

    /** A head over stored tensors (names and shapes checked); takes ownership of them. */
    BranchHead adopt(Map<String, Tensor> stored, String source);

    /** One batch of this head's inputs from a backbone's taps, in the caller's scope. */
    LevelInputs.Batch prepare(LevelInputs inputs, Map<String, Tensor> maps, Device device);
}
