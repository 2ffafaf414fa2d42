package dev.dgan.tasks.mlp;

/**
 * Widths of DatasetGAN's pixel classifier: Linear(inputs, hidden1) - ReLU - BatchNorm -
 * Linear(hidden1, hidden2) - ReLU - BatchNorm - Linear(hidden2, outputs).
 */
public record MlpShape(int inputs, int hidden1, int hidden2, int outputs) {

    public MlpShape {
        if (inputs <= 0 || hidden1 <= 0 || hidden2 <= 0 || outputs <= 0)
            throw new IllegalArgumentException("MLP widths must be positive: " + inputs + ", " + hidden1 + ", " + hidden2 + ", " + outputs);
    }

    /** DatasetGAN's widths: 128 and 32, or 256 and 128 from 32 outputs up. */
    public static MlpShape datasetGan(int inputs, int outputs) {
        return outputs >= 32 ? new MlpShape(inputs, 256, 128, outputs) : new MlpShape(inputs, 128, 32, outputs);
    }
}
