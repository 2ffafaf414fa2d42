package dev.dgan.tasks.segmentation;

import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.CrossValidationMetric;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;

import java.util.List;

/** Mean intersection over union of per-pixel classes, from one confusion matrix per tally (void pixels not counted). */
public final class MeanIou implements CrossValidationMetric {

    @Override
    public String name() {
        return "mIoU";
    }

    @Override
    public Tally tally(List<String> labels) {
        ConfusionMatrix matrix = new ConfusionMatrix(labels.size());
        return new Tally() {
            @Override
            public void add(Annotation truth, Labeled predicted) {
                if (!(truth instanceof LabelMap t) || !(predicted instanceof Labeled.Segmentation p))
                    throw new IllegalArgumentException("mIoU scores class maps, got " + truth.getClass().getSimpleName()
                            + " against " + predicted.getClass().getSimpleName());
                matrix.add(t, p.labels());
            }

            @Override
            public double score() {
                return matrix.scores().meanIou();
            }

            @Override
            public Object details() {
                return matrix.scores();
            }
        };
    }
}
