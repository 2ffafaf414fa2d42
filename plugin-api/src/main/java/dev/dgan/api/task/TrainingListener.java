package dev.dgan.api.task;

/** Progress of a training run, for progress bars and logs. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {};

    /** Model {@code model} (0-based) of {@code models} finished epoch {@code epoch}. */
    default void epochDone(int model, int models, int epoch, double meanLoss) {}

    default void modelDone(TrainReport.ModelReport report) {}
}
