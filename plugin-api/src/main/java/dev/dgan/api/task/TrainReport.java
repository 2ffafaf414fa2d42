package dev.dgan.api.task;

import java.util.List;

/** How each model of an ensemble trained. */
public record TrainReport(long trainingPixels, List<ModelReport> models) {

    /**
     * One model: epochs and iterations run, whether the stopping rule ended it early, the
     * mean loss of its last epoch and its accuracy on the training pixels (for keypoints: the
     * fraction of training pixels whose heat is within 0.1 of the target).
     */
    public record ModelReport(int index, int epochs, long iterations, boolean stoppedEarly, double lastEpochLoss,
                              double trainAccuracy) {}

    public TrainReport {
        models = List.copyOf(models);
    }
}
