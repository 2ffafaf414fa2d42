package dev.dgan.tasks.mlp;

import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.runtime.Adam;
import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the members of an ensemble one after another on the same pixels, each from its own
 * seed (initial weights and batch order), as DatasetGAN does.
 */
public final class EnsembleTraining {

    /** The task's loss and training metric over rows of the targets. */
    public interface Objective {
        /** Loss of outputs [B, out] against the targets' rows (each target tensor index-selected to B rows). */
        Tensor loss(Tensor outputs, List<Tensor> targets);

        /** The metric the report gives as training accuracy, over all training rows. */
        double accuracy(Tensor outputs, List<Tensor> targets);
    }

    private EnsembleTraining() {}

    public record Result(MlpEnsemble ensemble, TrainReport report) {}

    /** The ensemble as {@link #train} initialises it (the same member seeds), without training. */
    public static MlpEnsemble initial(MlpShape shape, TrainingSettings settings, long seed, Device device) {
        List<PixelMlp> members = new ArrayList<>();
        try {
            for (int m = 0; m < settings.models(); m++) {
                try (Generator g = Generator.seeded(seed * 1_000_003L + m)) {
                    members.add(PixelMlp.initialized(shape, g, settings.initStd(), device));
                }
            }
            return MlpEnsemble.stack(shape, members);
        } finally {
            members.forEach(PixelMlp::close);
        }
    }

    /** {@code features} [P, dim]; each target tensor has P rows. */
    public static Result train(Tensor features, List<Tensor> targets, MlpShape shape, TrainingSettings settings, long seed,
                               Objective objective, TrainingListener listener) {
        long pixels = features.size(0);
        if (pixels < 2) throw new IllegalArgumentException("training needs at least 2 labeled pixels, got " + pixels);
        for (Tensor t : targets)
            if (t.size(0) != pixels) throw new IllegalArgumentException("targets have " + t.size(0) + " rows, features " + pixels);
        List<PixelMlp> members = new ArrayList<>();
        List<TrainReport.ModelReport> reports = new ArrayList<>();
        try {
            for (int m = 0; m < settings.models(); m++) {
                long memberSeed = seed * 1_000_003L + m;
                PixelMlp mlp;
                try (Generator g = Generator.seeded(memberSeed)) {
                    mlp = PixelMlp.initialized(shape, g, settings.initStd(), features.device());
                }
                members.add(mlp);
                TrainReport.ModelReport r = trainOne(mlp, m, features, targets, settings, new SplittableRandom(memberSeed), objective, listener);
                reports.add(r);
                listener.modelDone(r);
            }
            return new Result(MlpEnsemble.stack(shape, members), new TrainReport(pixels, reports));
        } finally {
            members.forEach(PixelMlp::close);
        }
    }

    private static TrainReport.ModelReport trainOne(PixelMlp mlp, int index, Tensor features, List<Tensor> targets,
                                                    TrainingSettings s, SplittableRandom random, Objective objective,
                                                    TrainingListener listener) {
        int pixels = (int) features.size(0);
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        long iterations = 0;
        int epoch = 0;
        double epochLoss = Double.NaN;
        boolean stopped = false;
        try (Adam adam = new Adam(mlp.parameters(), s.lr())) {
            for (epoch = 0; epoch < s.maxEpochs() && !stopped; epoch++) {
                int[] order = permutation(pixels, random);
                double lossSum = 0;
                int batches = 0;
                for (int start = 0; start < pixels; start += s.batch()) {
                    int n = Math.min(s.batch(), pixels - start);
                    if (n < 2) break; // BatchNorm cannot normalise a single pixel
                    double loss = step(mlp, adam, features, targets, order, start, n, objective);
                    lossSum += loss;
                    batches++;
                    iterations++;
                    if (epoch > s.patienceAfterEpoch()) {
                        if (loss < best) {
                            best = loss;
                            sinceBest = 0;
                        } else if (++sinceBest > s.patience()) {
                            stopped = true;
                            break;
                        }
                    }
                }
                epochLoss = lossSum / Math.max(1, batches);
                listener.epochDone(index, s.models(), epoch, epochLoss);
            }
        }
        double accuracy;
        try (TensorScope scope = TensorScope.open(); var noGrad = Autograd.noGrad()) {
            accuracy = objective.accuracy(mlp.forward(features, false), targets);
        }
        return new TrainReport.ModelReport(index, epoch, iterations, stopped, epochLoss, accuracy);
    }

    private static double step(PixelMlp mlp, Adam adam, Tensor features, List<Tensor> targets, int[] order, int start, int n,
                               Objective objective) {
        try (TensorScope scope = TensorScope.open()) {
            long[] rows = new long[n];
            for (int i = 0; i < n; i++) rows[i] = order[start + i];
            Tensor index = Tensor.of(rows, n).to(features.device());
            List<Tensor> batchTargets = new ArrayList<>();
            for (Tensor t : targets) batchTargets.add(Ops.indexSelect(t, 0, index));
            Tensor loss = objective.loss(mlp.forward(Ops.indexSelect(features, 0, index), true), batchTargets);
            adam.zeroGrad();
            Autograd.backward(loss);
            adam.step();
            return loss.item();
        }
    }

    /** 0..n-1 shuffled by Fisher-Yates from {@code random}: the batch order of one pass over the data. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
