package dev.dgan.tasks.mlp;

/**
 * How each ensemble member trains, DatasetGAN's values by default: Adam at {@code lr},
 * mini-batches of {@code batch} pixels, up to {@code maxEpochs} epochs; once past epoch
 * {@code patienceAfterEpoch}, training stops when {@code patience} batch losses in a row
 * fail to beat the best one seen.
 */
public record TrainingSettings(int models, int batch, double lr, int maxEpochs, int patience, int patienceAfterEpoch,
                               double initStd) {

    public static final TrainingSettings DATASET_GAN = new TrainingSettings(10, 64, 1e-3, 100, 50, 3, 0.02);

    public TrainingSettings {
        if (models < 1) throw new IllegalArgumentException("models must be >= 1, got " + models);
        if (batch < 2) throw new IllegalArgumentException("batch must be >= 2 (BatchNorm needs two pixels), got " + batch);
        if (!(lr > 0)) throw new IllegalArgumentException("lr must be > 0, got " + lr);
        if (maxEpochs < 1) throw new IllegalArgumentException("max-epochs must be >= 1, got " + maxEpochs);
        if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        if (!(initStd > 0)) throw new IllegalArgumentException("init-std must be > 0, got " + initStd);
    }
}
