package dev.dgan.host.eval.report;

import dev.dgan.api.task.LabelMap;

import java.awt.image.BufferedImage;

/** One test sample as a {@link PredictionStrip} shows it: the image, its true labels and the predicted ones. */
public record PredictionSample(BufferedImage image, LabelMap truth, LabelMap prediction) {

    public PredictionSample {
        if (image == null || truth == null || prediction == null)
            throw new IllegalArgumentException("a prediction sample needs an image, a truth and a prediction");
        if (image.getWidth() != truth.width() || image.getHeight() != truth.height()
                || truth.width() != prediction.width() || truth.height() != prediction.height())
            throw new IllegalArgumentException("image " + image.getWidth() + "x" + image.getHeight() + ", truth "
                    + truth.width() + "x" + truth.height() + " and prediction " + prediction.width() + "x"
                    + prediction.height() + " must be the same size");
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** Share of pixels labeled on both sides whose prediction is right; NaN when none is labeled on both. */
    public double accuracy() {
        byte[] t = truth.labels(), p = prediction.labels();
        long counted = 0, right = 0;
        for (int i = 0; i < t.length; i++) {
            int a = t[i] & 0xFF, b = p[i] & 0xFF;
            if (a == LabelMap.VOID || b == LabelMap.VOID) continue;
            counted++;
            if (a == b) right++;
        }
        return counted == 0 ? Double.NaN : right / (double) counted;
    }
}
