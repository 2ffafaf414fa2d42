package dev.dgan.api.task;

import dev.dgan.runtime.Tensor;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The annotated samples of a training run, whose feature maps are produced on demand by
 * running the backbone again, so a trainer can hold one batch of features at a time instead
 * of the whole set.
 */
public interface AnnotatedSamples {

    int size();

    Annotation annotation(int index);

    /**
     * Runs the backbone on the samples at {@code indices} (in that order) and hands their
     * feature maps, tap name to [B, C, r, r] with B = indices.length, to {@code use}. The maps
     * are borrowed and valid only during the call.
     */
    void withFeatures(int[] indices, Consumer<Map<String, Tensor>> use);
}
