package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.runtime.Adam;
import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.mlp.EnsembleTraining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains K heads together, as BigDatasetGAN trains its one: every iteration draws a batch
 * (reshuffled each pass, the incomplete last batch dropped, as its DataLoader does), the
 * backbone's features for it are produced once, and every head takes one Adam step on them.
 * Each head has its own initialisation seed.
 */
final class BranchTraining {

    /** Where batches come from: rendered on demand or cached. */
    interface Batches {
        int size();

        LabelMap annotation(int index);

        /** Hands the level inputs of the samples at {@code indices} to {@code use}, valid during the call. */
        void with(int[] indices, Consumer<LevelInputs.Batch> use);
    }

    record Result(List<BranchHead> heads, TrainReport report) {}

    private BranchTraining() {}

    static Result train(HeadShape shape, BranchSettings s, boolean binary, Batches batches, long seed, Device device,
                        TrainingListener listener) {
        int size = batches.size();
        if (size < 1) throw new IllegalArgumentException("training needs at least one annotated sample");
        int batch = Math.min(s.batch(), size);
        List<BranchHead> heads = new ArrayList<>();
        List<Adam> optimizers = new ArrayList<>();
        try {
            for (int k = 0; k < s.heads(); k++) {
                try (Generator g = Generator.seeded(seed * 1_000_003L + k)) {
                    heads.add(shape.initialized(g, device));
                }
                optimizers.add(new Adam(heads.get(k).parameters(), s.lr()));
            }
            double[] epochLoss = new double[s.heads()], lastEpochLoss = new double[s.heads()];
            Arrays.fill(lastEpochLoss, Double.NaN);
            int stepsInEpoch = 0, epoch = 0;
            SplittableRandom random = new SplittableRandom(seed);
            int[] order = EnsembleTraining.permutation(size, random);
            int position = 0;
            for (int it = 0; it < s.iterations(); it++) {
                if (position + batch > size) {
                    for (int k = 0; k < s.heads(); k++) {
                        lastEpochLoss[k] = epochLoss[k] / stepsInEpoch;
                        listener.epochDone(k, s.heads(), epoch, lastEpochLoss[k]);
                        epochLoss[k] = 0;
                    }
                    stepsInEpoch = 0;
                    epoch++;
                    order = EnsembleTraining.permutation(size, random);
                    position = 0;
                }
                int[] indices = Arrays.copyOfRange(order, position, position + batch);
                position += batch;
                double[] losses = step(heads, optimizers, batches, indices, binary, device);
                for (int k = 0; k < losses.length; k++) epochLoss[k] += losses[k];
                stepsInEpoch++;
            }
            if (stepsInEpoch > 0)
                for (int k = 0; k < s.heads(); k++) {
                    lastEpochLoss[k] = epochLoss[k] / stepsInEpoch;
                    listener.epochDone(k, s.heads(), epoch, lastEpochLoss[k]);
                }
            int epochs = epoch + (stepsInEpoch > 0 ? 1 : 0);
            long[] correct = new long[s.heads()];
            long labeled = accuracy(heads, batches, batch, binary, device, correct);
            List<TrainReport.ModelReport> reports = new ArrayList<>();
            for (int k = 0; k < s.heads(); k++) {
                TrainReport.ModelReport r = new TrainReport.ModelReport(k, epochs, s.iterations(), false, lastEpochLoss[k],
                        labeled == 0 ? Double.NaN : (double) correct[k] / labeled);
                reports.add(r);
                listener.modelDone(r);
            }
            List<BranchHead> trained = List.copyOf(heads);
            heads.clear();
            return new Result(trained, new TrainReport(labeled, reports));
        } finally {
            optimizers.forEach(Adam::close);
            heads.forEach(BranchHead::close);
        }
    }

    private static double[] step(List<BranchHead> heads, List<Adam> optimizers, Batches batches, int[] indices, boolean binary,
                                 Device device) {
        double[] losses = new double[heads.size()];
        try (TensorScope scope = TensorScope.open()) {
            BranchTargets targets = BranchTargets.of(annotations(batches, indices), binary, device);
            batches.with(indices, in -> {
                for (int k = 0; k < heads.size(); k++) {
                    try (TensorScope perHead = TensorScope.open()) {
                        Tensor loss = targets.loss(heads.get(k).forward(in.levels(), in.embedding(), true));
                        optimizers.get(k).zeroGrad();
                        Autograd.backward(loss);
                        optimizers.get(k).step();
                        losses[k] = loss.item();
                    }
                }
            });
        }
        return losses;
    }

    /** Labeled pixels of the whole set; {@code correct[k]}: those head k gets right with its stored statistics. */
    private static long accuracy(List<BranchHead> heads, Batches batches, int batch, boolean binary, Device device, long[] correct) {
        long labeled = 0;
        for (int start = 0; start < batches.size(); start += batch) {
            int[] indices = new int[Math.min(batch, batches.size() - start)];
            for (int i = 0; i < indices.length; i++) indices[i] = start + i;
            try (TensorScope scope = TensorScope.open(); var noGrad = Autograd.noGrad()) {
                BranchTargets targets = BranchTargets.of(annotations(batches, indices), binary, device);
                labeled += targets.labeled();
                batches.with(indices, in -> {
                    for (int k = 0; k < heads.size(); k++) {
                        try (TensorScope perHead = TensorScope.open()) {
                            correct[k] += targets.correct(heads.get(k).forward(in.levels(), in.embedding(), false));
                        }
                    }
                });
            }
        }
        return labeled;
    }

    private static List<LabelMap> annotations(Batches batches, int[] indices) {
        List<LabelMap> out = new ArrayList<>();
        for (int i : indices) out.add(batches.annotation(i));
        return out;
    }
}
