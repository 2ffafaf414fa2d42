package dev.dgan.host.train;

import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.Labeled;
import dev.dgan.host.annotate.AnnotatedSample;

import java.util.ArrayList;
import java.util.List;

/**
 * K-fold evaluation on the annotated set: sample i belongs to fold i mod K; each fold is
 * labeled by a model trained on the others and scored by the task's metric.
 */
public final class CrossValidation {

    /** One fold's score, in the task's metric. */
    public record Fold(int fold, int trainSamples, int testSamples, double score) {}

    /** {@code pooled} is the metric's per-label details over all folds, or null when it has none. */
    public record Result(String metric, int folds, List<Fold> perFold, double mean, Object pooled) {}

    private CrossValidation() {}

    public static List<List<AnnotatedSample>> folds(List<AnnotatedSample> samples, int k) {
        if (k < 2 || k > samples.size())
            throw new IllegalArgumentException("--cv: K must be between 2 and the number of annotated samples (" + samples.size() + "), got " + k);
        List<List<AnnotatedSample>> out = new ArrayList<>();
        for (int f = 0; f < k; f++) out.add(new ArrayList<>());
        for (int i = 0; i < samples.size(); i++) out.get(i % k).add(samples.get(i));
        return out;
    }

    /** Accumulates one task's predictions against annotations, per fold and pooled. */
    public static final class Scorer {
        private final CrossValidationMetric metric;
        private final List<String> labels;
        private final CrossValidationMetric.Tally pooled;
        private CrossValidationMetric.Tally fold;

        public Scorer(CrossValidationMetric metric, List<String> labels) {
            this.metric = metric;
            this.labels = List.copyOf(labels);
            this.pooled = metric.tally(labels);
        }

        public void startFold() {
            fold = metric.tally(labels);
        }

        public void add(AnnotatedSample sample, Labeled result) {
            fold.add(sample.annotation(), result);
            pooled.add(sample.annotation(), result);
        }

        public double foldScore() {
            return fold.score();
        }

        public String metric() {
            return metric.name();
        }

        public Object pooledDetails() {
            return pooled.details();
        }

        public double pooledScore() {
            return pooled.score();
        }
    }
}
