package dev.dgan.api.task;

import java.util.List;

/**
 * How cross-validation scores a task: a fresh {@link Tally} per fold and one pooled over all
 * folds, each fed the held-out samples' annotations with what the fold's model made of them.
 */
public interface CrossValidationMetric {

    /** The score's name as reports print it: "mIoU". */
    String name();

    /** An empty tally over {@code labels} (the names the annotations use). */
    Tally tally(List<String> labels);

    interface Tally {
        void add(Annotation truth, Labeled predicted);

        double score();

        /** Per-label details for reports (written into model.json), or null when the metric has none. */
        default Object details() {
            return null;
        }
    }
}
