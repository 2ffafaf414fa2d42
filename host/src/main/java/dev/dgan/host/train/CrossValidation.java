package dev.dgan.host.train;

import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.host.eval.ConfusionMatrix;
import dev.dgan.host.eval.SegmentationScores;

import java.util.ArrayList;
import java.util.List;

/**
 * K-fold evaluation on the annotated set: sample i belongs to fold i mod K; each fold is
 * labeled by a model trained on the others. Segmentation is scored by mIoU, keypoints by the
 * mean distance in pixels between found and marked (visible) points.
 */
public final class CrossValidation {

    /** One fold's score: mIoU for segmentation, mean keypoint distance (px) for keypoints. */
    public record Fold(int fold, int trainSamples, int testSamples, double score) {}

    public record Result(String metric, int folds, List<Fold> perFold, double mean, SegmentationScores pooled) {}

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
        private final String task;
        private final int classes;
        private ConfusionMatrix pooled, fold;
        private double distanceSum, foldDistanceSum;
        private long points, foldPoints;

        public Scorer(String task, int classes) {
            this.task = task;
            this.classes = classes;
            this.pooled = new ConfusionMatrix(classes);
        }

        public void startFold() {
            fold = new ConfusionMatrix(classes);
            foldDistanceSum = 0;
            foldPoints = 0;
        }

        public void add(AnnotatedSample sample, Labeled result) {
            switch (result) {
                case Labeled.Segmentation s -> {
                    LabelMap truth = (LabelMap) sample.annotation();
                    fold.add(truth, s.labels());
                    pooled.add(truth, s.labels());
                }
                case Labeled.Keypoints k -> {
                    KeypointSet truth = (KeypointSet) sample.annotation();
                    for (KeypointSet.Keypoint p : truth.points()) {
                        if (!p.visible()) continue;
                        for (Labeled.Keypoints.Detected d : k.points())
                            if (d.name().equals(p.name())) {
                                double dist = Math.hypot(d.x() - p.x(), d.y() - p.y());
                                distanceSum += dist;
                                foldDistanceSum += dist;
                                points++;
                                foldPoints++;
                            }
                    }
                }
            }
        }

        public double foldScore() {
            return task.equals("keypoints") ? foldDistanceSum / Math.max(1, foldPoints) : fold.scores().meanIou();
        }

        public String metric() {
            return task.equals("keypoints") ? "mean keypoint distance (px)" : "mIoU";
        }

        public SegmentationScores pooledScores() {
            return task.equals("keypoints") ? null : pooled.scores();
        }

        public double pooledScore() {
            return task.equals("keypoints") ? distanceSum / Math.max(1, points) : pooled.scores().meanIou();
        }
    }

}
