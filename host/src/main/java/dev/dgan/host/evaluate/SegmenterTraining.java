package dev.dgan.host.evaluate;

import dev.dgan.host.stop.StopSignal;
import dev.dgan.runtime.Adam;
import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link UNet} with cross-entropy (void pixels ignored) and Adam for a fixed number of
 * steps, whatever the training set's size, so runs on 16 images and on thousands get the same
 * optimisation budget and differ only in their data. Batches are drawn by shuffled passes over
 * the images; the learning rate drops tenfold for the last fifth of the steps. Everything random
 * (initial weights, batch order, augmentation) derives from the seed: the same seed on the same
 * device gives the same network.
 */
public final class SegmenterTraining {

    public record Settings(int steps, int batch, double lr, Augmentation augmentation, long seed, int base) {
        public Settings {
            if (steps < 1) throw new IllegalArgumentException("--steps must be positive, got " + steps);
            if (batch < 2) throw new IllegalArgumentException("--batch must be at least 2 (BatchNorm needs two samples), got " + batch);
            if (!(lr > 0)) throw new IllegalArgumentException("--lr must be positive, got " + lr);
        }

        public static Settings defaults(long seed) {
            return new Settings(600, 8, 2e-3, Augmentation.DEFAULT, seed, 0);
        }
    }

    /** Hears the loss every so often. */
    public interface Listener {
        void progress(int step, int steps, double loss);

        Listener SILENT = (step, steps, loss) -> {};
    }

    public record Result(UNet network, double finalLoss, int images) {}

    private SegmenterTraining() {}

    public static Result train(ImageCache data, int classes, Settings s, Device device, Listener listener) throws IOException {
        if (data.size() == 0) throw new IllegalArgumentException(data.describe() + ": no labeled images to train on");
        SegmenterShape shape = SegmenterShape.forImages(3, classes, data.height(), data.width());
        if (s.base() > 0) shape = shape.withBase(s.base());
        UNet net;
        try (Generator g = Generator.seeded(s.seed())) {
            net = UNet.initialized(shape, g, device);
        }
        SplittableRandom random = new SplittableRandom(s.seed() ^ 0x5EEDL);
        List<Integer> order = new ArrayList<>();
        int cursor = 0;
        double recent = Double.NaN;
        int decayAt = s.steps() - s.steps() / 5;
        Adam adam = null;
        try {
            adam = new Adam(net.parameters(), s.lr());
            for (int step = 0; step < s.steps(); step++) {
                if (step == decayAt) {
                    adam.close();
                    adam = null;
                    adam = new Adam(net.parameters(), s.lr() / 10);
                }
                List<LabeledImage> batch = new ArrayList<>();
                for (int k = 0; k < s.batch(); k++) {
                    if (cursor == order.size()) {
                        order = shuffled(data.size(), random);
                        cursor = 0;
                    }
                    batch.add(s.augmentation().apply(data.get(order.get(cursor++)), random));
                }
                StopSignal.process().check();
                double loss = step(net, adam, batch, device);
                recent = Double.isNaN(recent) ? loss : 0.95 * recent + 0.05 * loss;
                if ((step + 1) % 100 == 0 || step + 1 == s.steps()) listener.progress(step + 1, s.steps(), recent);
            }
            return new Result(net, recent, data.size());
        } catch (RuntimeException | IOException e) {
            net.close();
            throw e;
        } finally {
            if (adam != null) adam.close();
        }
    }

    private static double step(UNet net, Adam adam, List<LabeledImage> batch, Device device) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Batch.images(batch, device), y = Batch.labels(batch, device);
            Tensor loss = NN.crossEntropy(net.forward(x, true), y, Batch.IGNORE);
            adam.zeroGrad();
            Autograd.backward(loss);
            adam.step();
            double value = loss.item();
            if (!Double.isFinite(value)) throw new IllegalStateException("segmenter training diverged: loss " + value + " at a step");
            return value;
        }
    }

    /** One pass over the images in a random order (a batch may span two passes). */
    private static List<Integer> shuffled(int n, SplittableRandom random) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, random);
        return order;
    }
}
