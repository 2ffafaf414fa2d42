package dev.dgan.tasks.segmentation;

import dev.dgan.api.task.TrainReport;
import dev.dgan.tasks.mlp.MlpEnsemble;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.NN;
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
 * Collects, per annotated sample, the features of a class-balanced set of its pixels (never
 * the whole [dim, H, W] tensor), then trains the ensemble with cross-entropy.
 *
 * <p>Options (besides {@link TaskOptions#COMMON}): {@code min-class-pixels} (default 30): a
 * class covering fewer pixels of a sample becomes background there, as DatasetGAN does.
 */
final class SegmentationTrainer implements Trainer {

    static final List<String> OPTIONS;

    static {
        List<String> o = new ArrayList<>(TaskOptions.COMMON);
        o.add("min-class-pixels");
        OPTIONS = List.copyOf(o);
    }

    private final TrainingSpec spec;
    private final TapLayout layout;
    private final TaskOptions options;
    private final TrainingSettings settings;
    private final MlpShape shape;
    private final int pixelsPerSample, minClassPixels;
    private final List<Tensor> features = new ArrayList<>();
    private final List<long[]> targets = new ArrayList<>();

    SegmentationTrainer(TrainingSpec spec) {
        this.spec = spec;
        this.layout = new TapLayout(spec.taps(), spec.width(), spec.height());
        this.options = new TaskOptions(SegmentationTask.NAME, spec.options(), OPTIONS);
        this.settings = options.training();
        this.shape = options.shape(layout.channels(), spec.labels().size());
        this.pixelsPerSample = options.pixelsPerSample(layout.channels(), spec.width(), spec.height());
        this.minClassPixels = options.integer("min-class-pixels", 30);
        options.imageScore(); // reject a bad score option before training, not after
        if (spec.labels().size() > 255) throw new IllegalArgumentException("segmentation supports up to 255 classes, got " + spec.labels().size());
    }

    @Override
    public void add(Map<String, Tensor> taps, Annotation target) {
        if (!(target instanceof LabelMap map))
            throw new IllegalArgumentException("segmentation trains on label maps, got " + target.getClass().getSimpleName());
        if (map.width() != spec.width() || map.height() != spec.height())
            throw new IllegalArgumentException("label map is " + map.width() + "x" + map.height() + ", the backbone renders "
                    + spec.width() + "x" + spec.height());
        int classes = spec.labels().size();
        int[] label = new int[map.labels().length];
        int[] count = new int[classes];
        for (int i = 0; i < label.length; i++) {
            int c = map.labels()[i] & 0xFF;
            if (c == LabelMap.VOID) {
                label[i] = -1;
                continue;
            }
            if (c >= classes) throw new IllegalArgumentException("label map has class id " + c + ", but there are only " + classes + " classes");
            label[i] = c;
            count[c]++;
        }
        for (int i = 0; i < label.length; i++) if (label[i] > 0 && count[label[i]] < minClassPixels) label[i] = 0;
        long[] pixels = PixelSampler.sample(label, classes, pixelsPerSample, spec.seed() * 7919 + features.size());
        long[] y = new long[pixels.length];
        for (int i = 0; i < pixels.length; i++) y[i] = label[(int) pixels[i]];
        features.add(FeatureGather.at(taps, layout, pixels));
        targets.add(y);
    }

    @Override
    public Trained fit(TrainingListener listener) {
        if (features.isEmpty()) throw new IllegalStateException("no annotated samples were added");
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.cat(features, 0);
            long total = x.size(0);
            long[] all = new long[(int) total];
            int o = 0;
            for (long[] t : targets) for (long v : t) all[o++] = v;
            Tensor y = Tensor.of(all, total).to(x.device());
            features.forEach(Tensor::close);
            features.clear();
            EnsembleTraining.Result r = EnsembleTraining.train(x, List.of(y), shape, settings, spec.seed(), new CrossEntropy(), listener);
            ModelFiles.Header header = new ModelFiles.Header(SegmentationTask.NAME, spec.labels(), layout, shape, settings.models(),
                    spec.options(), new ObjectMapper().valueToTree(r.report()));
            return new Trained(new SegmentationInterpreter(header, r.ensemble(), spec.device(), Precision.FP32), r.report());
        }
    }

    @Override
    public Trained untrained() {
        MlpEnsemble ensemble = EnsembleTraining.initial(shape, settings, spec.seed(), spec.device());
        TrainReport report = new TrainReport(0, List.of());
        ModelFiles.Header header = new ModelFiles.Header(SegmentationTask.NAME, spec.labels(), layout, shape, settings.models(),
                spec.options(), new ObjectMapper().valueToTree(report));
        return new Trained(new SegmentationInterpreter(header, ensemble, spec.device(), Precision.FP32), report);
    }

    /** Cross-entropy on class ids; accuracy is the fraction of pixels whose argmax is right. */
    private static final class CrossEntropy implements EnsembleTraining.Objective {
        @Override
        public Tensor loss(Tensor outputs, List<Tensor> targets) {
            return NN.crossEntropy(outputs, targets.get(0), -100);
        }

        @Override
        public double accuracy(Tensor outputs, List<Tensor> targets) {
            Tensor right = Ops.eq(Ops.argmax(outputs, 1, false), targets.get(0));
            return Ops.mean(Ops.toCopy(right, DType.F32, null)).item();
        }
    }

    @Override
    public void close() {
        features.forEach(Tensor::close);
        features.clear();
    }
}
