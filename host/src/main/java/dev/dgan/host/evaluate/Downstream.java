package dev.dgan.host.evaluate;

import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.runtime.Device;

import java.io.IOException;

/**
 * DatasetGAN's protocol for one training set: train the downstream {@link UNet} on it, then test
 * the network on real images with ground truth.
 */
public final class Downstream {

    /** What one training set scored, and what it took. */
    public record Outcome(String name, String trainedOn, int images, double finalLoss, long parameters, double trainSeconds,
                          double testSeconds, SegmentationScores test) {}

    public record Run(Outcome outcome, SegmenterEvaluation.Result evaluation) {}

    /** Decoded images kept in memory per training set (a quarter of the heap); larger sets stream from disk. */
    static final long CACHE_BYTES = Runtime.getRuntime().maxMemory() / 4;

    private Downstream() {}

    public static Run run(String name, LabeledSource train, LabeledSource test, int classes, SegmenterTraining.Settings settings,
                          Device device, int keepExamples, SegmenterTraining.Listener listener) throws IOException {
        ImageCache data = new ImageCache(train, CACHE_BYTES);
        long t0 = System.nanoTime();
        SegmenterTraining.Result trained = SegmenterTraining.train(data, classes, settings, device, listener);
        try (UNet net = trained.network()) {
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            SegmenterEvaluation.Result evaluation = SegmenterEvaluation.evaluate(net, test, classes, device, keepExamples);
            double testSeconds = (System.nanoTime() - t1) / 1e9;
            Outcome outcome = new Outcome(name, train.describe(), data.size(), trained.finalLoss(), net.parameterCount(), trainSeconds,
                    testSeconds, evaluation.scores());
            return new Run(outcome, evaluation);
        }
    }

    /** The number of classes two labeled sets need between them: one past the largest id either holds, at least 2. */
    public static int classesOf(LabeledSource a, LabeledSource b) throws IOException {
        return Math.max(2, 1 + Math.max(new ImageCache(a, 0).maxClassId(), new ImageCache(b, 0).maxClassId()));
    }
}
