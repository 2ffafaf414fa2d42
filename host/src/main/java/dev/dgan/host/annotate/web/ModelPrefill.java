package dev.dgan.host.annotate.web;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.host.label.TapCollector;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.TensorScope;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pre-fill from a trained model: re-renders the sample from its seed (as {@code dgan sample}
 * drew it, at the folder's truncation), runs the task's interpreter on the taps, and marks the
 * pixels whose per-pixel uncertainty (the ensemble's Jensen-Shannon divergence, in nats) is
 * above {@code threshold}. One sample at a time: libtorch here runs on one thread anyway.
 */
public final class ModelPrefill implements Prefill {

    private final Backbone backbone;
    private final Interpreter interpreter;
    private final Device device;
    private final double truncation;
    private final double threshold;

    public ModelPrefill(Backbone backbone, Interpreter interpreter, Device device, double truncation, double threshold) {
        this.backbone = backbone;
        this.interpreter = interpreter;
        this.device = device;
        this.truncation = truncation;
        this.threshold = threshold;
    }

    @Override
    public synchronized Optional<Prediction> predict(SampleStore.Entry sample) throws Exception {
        Long seed = sample.sample().seed();
        if (seed == null) return Optional.empty();
        Optional<int[]> cls = Optional.ofNullable(sample.sample().classId()).map(c -> new int[] {c});
        try (TensorScope scope = TensorScope.open();
             Latents latents = backbone.sample(new SampleRequest(new long[] {seed}, cls, truncation));
             TapCollector taps = new TapCollector(interpreter.taps().stream().map(FeatureTap::name).collect(Collectors.toSet()), device)) {
            backbone.synthesize(latents, taps);
            List<Labeled.WithPixelUncertainty> out = interpreter.labelWithUncertainty(taps.maps());
            if (!(out.getFirst().labeled() instanceof Labeled.Segmentation seg)) return Optional.empty();
            LabelMap labels = seg.labels();
            if (labels.width() != sample.size().width() || labels.height() != sample.size().height()) return Optional.empty();
            byte[] uncertain = new byte[labels.labels().length];
            float[] js = out.getFirst().pixels();
            if (js != null) for (int i = 0; i < uncertain.length; i++) uncertain[i] = (byte) (js[i] > threshold ? 1 : 0);
            return Optional.of(new Prediction(labels.labels(), uncertain));
        }
    }
}
