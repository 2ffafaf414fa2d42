package dev.dgan.tasks.keypoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.KeypointSet;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.mlp.EnsembleTraining;
import dev.dgan.tasks.mlp.FeatureGather;
import dev.dgan.tasks.mlp.MlpShape;
import dev.dgan.tasks.mlp.ModelFiles;
import dev.dgan.tasks.mlp.PixelSampler;
import dev.dgan.tasks.mlp.TapLayout;
import dev.dgan.tasks.mlp.TaskOptions;
import dev.dgan.tasks.mlp.TrainingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains the heatmap regressors. Pixels near a visible keypoint (heat >= 0.01) and the rest
 * are sampled as two strata, so the peaks are always represented. The loss is the mean
 * squared error over visible keypoints only.
 *
 * <p>Options (besides {@link TaskOptions#COMMON}): {@code sigma}, the heatmap's standard
 * deviation in pixels (default 2).
 */
final class KeypointTrainer implements Trainer {

    static final List<String> OPTIONS;

    static {
        List<String> o = new ArrayList<>(TaskOptions.COMMON);
        o.add("sigma");
        OPTIONS = List.copyOf(o);
    }

    private final TrainingSpec spec;
    private final TapLayout layout;
    private final TrainingSettings settings;
    private final MlpShape shape;
    private final int pixelsPerSample;
    private final double sigma;
    private final List<Tensor> features = new ArrayList<>();
    private final List<float[]> heat = new ArrayList<>();
    private final List<float[]> mask = new ArrayList<>();

    KeypointTrainer(TrainingSpec spec) {
        this.spec = spec;
        this.layout = new TapLayout(spec.taps(), spec.width(), spec.height());
        TaskOptions options = new TaskOptions(KeypointTask.NAME, spec.options(), OPTIONS);
        this.settings = options.training();
        this.shape = options.shape(layout.channels(), spec.labels().size());
        this.pixelsPerSample = options.pixelsPerSample(layout.channels(), spec.width(), spec.height());
        this.sigma = options.number("sigma", 2.0);
        if (!(sigma > 0)) throw new IllegalArgumentException("keypoints: option sigma must be > 0, got " + sigma);
        options.imageScore(); // reject a bad score option before training, not after
    }

    @Override
    public void add(Map<String, Tensor> taps, Annotation target) {
        if (!(target instanceof KeypointSet set))
            throw new IllegalArgumentException("keypoints trains on keypoint sets, got " + target.getClass().getSimpleName());
        if (set.width() != spec.width() || set.height() != spec.height())
            throw new IllegalArgumentException("keypoints were marked on " + set.width() + "x" + set.height() + ", the backbone renders "
                    + spec.width() + "x" + spec.height());
        for (KeypointSet.Keypoint p : set.points())
            if (!spec.labels().contains(p.name()))
                throw new IllegalArgumentException("unknown keypoint '" + p.name() + "'; known: " + spec.labels());
        List<String> names = spec.labels();
        int k = names.size(), pixels = spec.width() * spec.height();
        float[][] maps = new float[k][];
        boolean[] visible = new boolean[k];
        int[] strata = new int[pixels];
        for (int i = 0; i < k; i++) {
            maps[i] = Heatmaps.target(set, names.get(i), sigma);
            visible[i] = Heatmaps.visible(set, names.get(i));
        }
        for (int p = 0; p < pixels; p++) {
            strata[p] = 1;
            for (int i = 0; i < k; i++) if (maps[i][p] >= 0.01f) strata[p] = 0;
        }
        long[] chosen = PixelSampler.sample(strata, 2, pixelsPerSample, spec.seed() * 7919 + features.size());
        float[] h = new float[chosen.length * k], m = new float[chosen.length * k];
        for (int r = 0; r < chosen.length; r++)
            for (int i = 0; i < k; i++) {
                h[r * k + i] = maps[i][(int) chosen[r]];
                m[r * k + i] = visible[i] ? 1f : 0f;
            }
        features.add(FeatureGather.at(taps, layout, chosen));
        heat.add(h);
        mask.add(m);
    }

    @Override
    public Trained fit(TrainingListener listener) {
        if (features.isEmpty()) throw new IllegalStateException("no annotated samples were added");
        int k = spec.labels().size();
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.cat(features, 0);
            long rows = x.size(0);
            Tensor t = Tensor.of(concat(heat), rows, k).to(x.device());
            Tensor m = Tensor.of(concat(mask), rows, k).to(x.device());
            features.forEach(Tensor::close);
            features.clear();
            EnsembleTraining.Result r = EnsembleTraining.train(x, List.of(t, m), shape, settings, spec.seed(), new MaskedL2(), listener);
            ModelFiles.Header header = new ModelFiles.Header(KeypointTask.NAME, spec.labels(), layout, shape, settings.models(),
                    spec.options(), new ObjectMapper().valueToTree(r.report()));
            return new Trained(new KeypointInterpreter(header, r.ensemble(), spec.device(), Precision.FP32), r.report());
        }
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** Squared error averaged over visible (pixel, keypoint) pairs; accuracy: share within 0.1 of the target heat. */
    private static final class MaskedL2 implements EnsembleTraining.Objective {
        @Override
        public Tensor loss(Tensor outputs, List<Tensor> targets) {
            Tensor err = Ops.mul(Ops.square(Ops.sub(outputs, targets.get(0))), targets.get(1));
            return Ops.div(Ops.sum(err), Ops.clamp(Ops.sum(targets.get(1)), 1.0, Double.MAX_VALUE));
        }

        @Override
        public double accuracy(Tensor outputs, List<Tensor> targets) {
            Tensor absErr = Ops.abs(Ops.sub(outputs, targets.get(0)));
            Tensor within = Ops.toCopy(Ops.eq(Ops.clamp(absErr, 0.0, 0.1), absErr), DType.F32, null); // |e| <= 0.1
            double visible = Ops.sum(targets.get(1)).item();
            return visible == 0 ? Double.NaN : Ops.sum(Ops.mul(within, targets.get(1))).item() / visible;
        }
    }

    @Override
    public void close() {
        features.forEach(Tensor::close);
        features.clear();
    }
}
